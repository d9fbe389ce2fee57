using System.Text.Json;
using CcAudit.Core.Common;

namespace CcAudit.Core.Discovery;

/// <summary>
/// Which entries of <c>managed-settings.d/</c> Claude Code 2.1.328 loads: files whose name ends in <c>.json</c> and does
/// not start with a dot (claude-code-surface.md §1.3). Anything else is skipped without a word, so an administrator who
/// drops <c>.deny.json</c> or <c>50-lockdown.json.disabled</c> believes in a policy no session has.
/// </summary>
public static class ManagedDropIns
{
    /// <summary>Keys that only restrict a session: set in an ignored file, they are a control the operator thinks is on.</summary>
    private static readonly string[] TighteningPrefixes =
    [
        "permissions.deny", "permissions.ask", "permissions.disableBypassPermissionsMode", "permissions.disableAutoMode", "disableAutoMode",
        "permissions.blockWritesOutsideWorkingDirectories", "allowManagedHooksOnly", "allowManagedPermissionRulesOnly", "allowManagedMcpServersOnly",
        "deniedMcpServers", "allowedMcpServers", "strictKnownMarketplaces", "blockedMarketplaces", "strictPluginOnlyCustomization",
        "disableSideloadFlags", "forceLoginMethod", "forceLoginOrgUUID", "allowedProviders", "requiredMinimumVersion", "disableRemoteControl",
        "sandbox.enabled", "sandbox.failIfUnavailable", "sandbox.allowUnsandboxedCommands", "allowedHttpHookUrls", "disableAllHooks",
        "availableModels", "enforceTelemetry", "env.CLAUDE_CODE_ENABLE_TELEMETRY",
    ];

    /// <summary>Why Claude Code skips this entry, or null when it loads it.</summary>
    public static string? SkipReason(string path)
    {
        var name = Path.GetFileName(path);
        if (name.StartsWith('.'))
        {
            return "hidden (the name starts with '.')";
        }

        if (!name.EndsWith(".json", StringComparison.Ordinal))
        {
            return "the name does not end in .json";
        }

        return Directory.Exists(path) ? "a directory, not a file" : null;
    }

    /// <summary>The entry as an ignored drop-in (with the policy keys it would have set), or null when Claude Code loads it.</summary>
    public static IgnoredDropIn? Ignored(string path)
    {
        if (SkipReason(path) is not { } reason)
        {
            return null;
        }

        var keys = Directory.Exists(path) ? [] : Keys(path);
        var tightening = keys.Where(k => TighteningPrefixes.Any(p => k == p || k.StartsWith(p + ".", StringComparison.Ordinal))).ToList();
        return new IgnoredDropIn(path, reason, keys, tightening);
    }

    /// <summary>Dotted keys of a settings object, two levels deep (<c>permissions.deny</c>, <c>sandbox.enabled</c>).</summary>
    private static List<string> Keys(string path)
    {
        var read = JsonFileReader.Read(path);
        if (read.Value is not { Root.ValueKind: JsonValueKind.Object } file)
        {
            return [];
        }

        var keys = new List<string>();
        foreach (var top in file.Root.EnumerateObject())
        {
            var nested = top.Value.ValueKind == JsonValueKind.Object && top.Name is "permissions" or "sandbox" or "env";
            keys.AddRange(nested ? top.Value.EnumerateObject().Select(p => $"{top.Name}.{p.Name}") : [top.Name]);
        }

        return keys;
    }
}
