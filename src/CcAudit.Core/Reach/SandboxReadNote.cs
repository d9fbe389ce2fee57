using System.Text.Json;
using CcAudit.Core.Rules.Catalog;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Reach;

/// <summary>
/// The sandbox of one launch directory as a reach area (claude-code-surface.md §3.7, settings-keys.json): whether it is on,
/// and what it still leaves open when it is: reads, the escape hatch, unsandboxed commands, network, writes, weakening
/// switches, and the tools it never confines.
/// </summary>
/// <param name="Enabled">sandbox.enabled.</param>
/// <param name="DenyRead">sandbox.filesystem.denyRead entries as written.</param>
/// <param name="AllowUnsandboxedCommands">False when the model cannot escape the sandbox with dangerouslyDisableSandbox.</param>
public sealed record SandboxReadNote(bool Enabled, IReadOnlyList<string> DenyRead, bool AllowUnsandboxedCommands)
{
    private static readonly string[] CredentialKeys = ["sandbox.credentials.files", "sandbox.credentials.envVars"];

    /// <summary>sandbox.excludedCommands (merged across tiers): they run outside the sandbox.</summary>
    public IReadOnlyList<string> ExcludedCommands { get; init; } = [];

    /// <summary>sandbox.network.allowedDomains (merged): the only hosts sandboxed commands reach.</summary>
    public IReadOnlyList<string> AllowedDomains { get; init; } = [];

    /// <summary>sandbox.filesystem.allowWrite (merged): written to besides the working directories.</summary>
    public IReadOnlyList<string> AllowWrite { get; init; } = [];

    /// <summary>sandbox.filesystem.denyWrite entries.</summary>
    public IReadOnlyList<string> DenyWrite { get; init; } = [];

    /// <summary>Whether sandbox.credentials names files or variables to hide or mask from sandboxed commands.</summary>
    public bool Masked { get; init; }

    /// <summary>sandbox.autoAllowBashIfSandboxed (2.1.328 default false).</summary>
    public bool AutoAllowBash { get; init; }

    /// <summary>The weakening switches set to true, with what each opens.</summary>
    public IReadOnlyList<string> Weakened { get; init; } = [];

    /// <summary>What the sandbox, on, still leaves open; empty when it is off (then everything is).</summary>
    public IReadOnlyList<string> StillOpen { get; init; } = [];

    /// <summary>The sandbox facts of effective settings, or null when the sandbox is off.</summary>
    public static SandboxReadNote? From(EffectiveSettings effective)
    {
        ArgumentNullException.ThrowIfNull(effective);
        if (effective.GetBool("sandbox.enabled") != true)
        {
            return null;
        }

        var note = new SandboxReadNote(true, Strings(effective, "sandbox.filesystem.denyRead"),
            effective.GetBool("sandbox.allowUnsandboxedCommands") != false)
        {
            ExcludedCommands = Strings(effective, "sandbox.excludedCommands"),
            // WebFetch(domain:…) allow rules merge into the sandbox's allowed domains.
            AllowedDomains = [.. Strings(effective, "sandbox.network.allowedDomains").Concat(effective.AppliedRules
                .Where(r => r.List == PermissionList.Allow && r.Rule.StartsWith("WebFetch(domain:", StringComparison.Ordinal)
                    && r.Rule.EndsWith(')'))
                .Select(r => r.Rule["WebFetch(domain:".Length..^1])).Distinct(StringComparer.Ordinal)],
            Masked = CredentialKeys.Any(k => effective.Get(k)?.Value is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() > 0),
            AllowWrite = Strings(effective, "sandbox.filesystem.allowWrite"),
            DenyWrite = Strings(effective, "sandbox.filesystem.denyWrite"),
            AutoAllowBash = effective.GetBool("sandbox.autoAllowBashIfSandboxed") == true,
            Weakened = [.. WeakenedSandboxRule.Switches.Where(s => effective.GetBool(s.Key) == true).Select(s => $"{s.Key}: {s.Why}")],
        };
        return note with { StillOpen = Open(note) };
    }

    public override string ToString() =>
        Enabled ? "sandbox on; still open: " + string.Join("; ", StillOpen)
        : "sandbox off: shell commands such as python or node read any file the user can";

    private static List<string> Open(SandboxReadNote s)
    {
        var open = new List<string>
        {
            (s.DenyRead.Count == 0 ? "reads: every file the user can read (no filesystem.denyRead entries; Read deny rules still apply)"
                : $"reads: every file the user can read except filesystem.denyRead ({string.Join(", ", s.DenyRead)}) and Read deny rules")
                + (s.Masked ? ", credentials named in sandbox.credentials masked" : ", no sandbox.credentials masking"),
        };
        if (s.AllowUnsandboxedCommands)
        {
            open.Add("escape: allowUnsandboxedCommands is not false, so a command run with dangerouslyDisableSandbox runs unconfined " +
                "after a prompt");
        }

        if (s.ExcludedCommands.Count > 0)
        {
            var broad = s.ExcludedCommands.Where(ExcludedCommandsRule.Broad).ToList();
            open.Add($"unsandboxed: excludedCommands {string.Join(", ", s.ExcludedCommands)} run outside the sandbox"
                + (broad.Count > 0 ? $" ({string.Join(", ", broad)} run anything)" : string.Empty));
        }

        var anyHost = s.AllowedDomains.Where(d => d.Trim() is "*" or "*.*" || (d.StartsWith("*.", StringComparison.Ordinal)
            && !d[2..].Contains('.', StringComparison.Ordinal))).ToList();
        open.Add(s.AllowedDomains.Count == 0 ? "network: no domain is allowed (new hosts prompt or are refused)"
            : anyHost.Count > 0 ? $"network: {string.Join(", ", anyHost)} admits any host"
            : $"network: {s.AllowedDomains.Count} domain(s) reachable ({string.Join(", ", s.AllowedDomains.Take(10))}" +
              $"{(s.AllowedDomains.Count > 10 ? ", …" : string.Empty)})");
        open.Add(s.AllowWrite.Count == 0 ? "writes: the working directories and $TMPDIR"
            : $"writes: the working directories, $TMPDIR and {string.Join(", ", s.AllowWrite)}");
        var globs = s.DenyWrite.Where(d => d.IndexOfAny(['*', '?', '[']) >= 0).ToList();
        if (globs.Count > 0)
        {
            open.Add($"denyWrite globs {string.Join(", ", globs)} are ignored by the Linux sandbox");
        }

        if (s.AutoAllowBash)
        {
            open.Add("prompts: autoAllowBashIfSandboxed runs sandboxed Bash commands without asking");
        }

        open.AddRange(s.Weakened.Select(w => "weakened: " + w));
        open.Add("not confined: only Bash runs in the sandbox; the Read, Grep, Glob, Edit and Write tools are decided by permission " +
            "rules, " +
            "and MCP servers and hooks run outside it");
        return open;
    }

    private static List<string> Strings(EffectiveSettings effective, string key) =>
        effective.Get(key)?.Value is { ValueKind: JsonValueKind.Array } entries
            ? [.. entries.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : [];
}
