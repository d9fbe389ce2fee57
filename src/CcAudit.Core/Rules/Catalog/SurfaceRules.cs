using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Settings;
using static CcAudit.Core.Rules.Catalog.RuleFacts;

namespace CcAudit.Core.Rules.Catalog;

/// <summary>A key set in a tier Claude Code does not read it from: the tiers come from settings-keys.json.</summary>
internal sealed class IgnoredTierRule : SettingCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA460", "Setting in a tier where Claude Code ignores it", Severity.Medium, AuditStep.PermissionDrift,
        "Locks such as `strictKnownMarketplaces`, `allowedProviders`, `disableSideloadFlags` or `requiredMinimumVersion` are read only from managed policy; " +
        "`denyInsteadOfPrompting` and `processWrapper` not from project files. Set anywhere else they look like a control and do nothing.",
        "Move the key to managed-settings.json (or the tier the finding names) and remove it from this file.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Sample(true, User("""{"strictKnownMarketplaces":[{"source":"github","repo":"acme/plugins"}]}""")),
        Sample(true, Project("""{"pluginConfigs":{"cc-plugin-sec-default@builtin":{"options":{"allowManagedModsOnly":true}}}}""")),
        Sample(true, Project("""{"permissions":{"denyInsteadOfPrompting":true}}""")),
        Sample(false, Managed("""{"strictKnownMarketplaces":[],"disableSideloadFlags":true}""")),
        Sample(false, User("""{"permissions":{"denyInsteadOfPrompting":true},"model":"opus"}""")),
    ];

    public override IEnumerable<Finding> Analyze(RuleContext context)
    {
        // A plugin's hooks.json is no settings tier: Claude Code runs its hooks (the realistic-machine fixture's no-exec log shows them).
        var tiers = context.Documents
            .Where(d => d.Source is not (SettingsSource.Managed or SettingsSource.Session or SettingsSource.Plugin));
        foreach (var document in tiers)
        {
            foreach (var key in SettingsKeyCatalog.All.Where(k => !k.ReadFrom(document.Source)))
            {
                if (At(document, key.Key) is { } value && !ParentIgnored(key.Key, document.Source))
                {
                    yield return Found($"{Tier(document.Source)} settings set {key.Key}, which Claude Code reads only from {string.Join(", ", key.Tiers)}: it has no effect here",
                        document.LocationOf(value.Pointer), key.Key, ("readFrom", string.Join(",", key.Tiers)), ("evidence", key.TierEvidence));
                }
            }
        }
    }

    private static bool ParentIgnored(string key, SettingsSource source) =>
        key.LastIndexOf('.') is var dot and > 0 && EffectiveSettingsBuilder.NotReadFrom(source, key[..dot]);
}

/// <summary>A managed policy exists but leaves a lock unset: one finding per control, naming the key.</summary>
internal sealed class ManagedControlUnsetRule : SettingCheck
{
    public const string ModsKey = "pluginConfigs.cc-plugin-sec-default@builtin.options.allowManagedModsOnly";

    /// <summary>The controls, the keys that satisfy each (aliases), and what stays open without it.</summary>
    internal static readonly (string Key, string[] Alternatives, string Open)[] Controls =
    [
        (ModsKey, [], "mods (plugin hook modules that run inside Claude Code, unsandboxed) load from any plugin, one Claude wrote in a session included"),
        ("strictKnownMarketplaces", ["allowedMarketplaces"], "any marketplace source can be added, and its plugins installed"),
        ("blockedMarketplaces", ["strictKnownMarketplaces", "allowedMarketplaces"], "no marketplace source is blocked"),
        ("strictPluginOnlyCustomization", [], "skills, agents, hooks and MCP servers load from ~/.claude, .claude/ and .mcp.json, not only from vetted plugins"),
        ("disableSideloadFlags", [], "--plugin-dir, --plugin-url, --agents and --mcp-config load code from any path at launch"),
        ("forceLoginMethod", [], "any login method (a personal subscription included) works"),
        ("forceLoginOrgUUID", [], "an account of any organization can sign in"),
        ("allowedProviders", [], "any model provider or custom endpoint can be used"),
        ("requiredMinimumVersion", [], "any Claude Code version, however old, starts"),
        ("disableAutoMode", ["permissions.disableAutoMode"], "auto mode lets a server-side classifier approve tool calls"),
        ("disableRemoteControl", [], "sessions can be driven remotely (claude.ai/code, --remote-control)"),
        ("sandbox.enabled", [], "Bash runs unsandboxed: any program reads every file the user can"),
        ("sandbox.failIfUnavailable", [], "where the sandbox cannot start, commands run unsandboxed with only a warning"),
        ("sandbox.allowUnsandboxedCommands", [], "the model may set dangerouslyDisableSandbox (default true) and run a command outside the sandbox"),
        ("allowedHttpHookUrls", [], "HTTP hooks may post session data to any URL"),
        ("permissions.blockWritesOutsideWorkingDirectories", [], "Write/Edit may touch files outside the working directories after a prompt"),
    ];

    public override RuleMetadata Metadata { get; } = new("CCA461", "Managed policy leaves a control unset", Severity.Medium, AuditStep.Monitoring,
        "Where an organisation deploys managed settings, the locks that only managed policy can set are its to set: each one left unset stays open on every machine " +
        "(mods, marketplaces, sideloading, login and provider pins, version floor, auto mode, remote control, the sandbox and its escape hatch, HTTP hook URLs).",
        "Set the key named in the finding in managed-settings.json (or the server-managed policy), or suppress the finding with the reason the organisation accepts it.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Sample(true, Managed("""{"permissions":{"disableBypassPermissionsMode":"disable"}}""")),
        Sample(true, Managed(Satisfied(except: "disableSideloadFlags"))),
        Sample(true, Managed(Satisfied(except: ModsKey))),
        Sample(false, Managed(Satisfied(except: null))),
        Sample(false, User("""{"model":"opus"}""")),
    ];

    public override IEnumerable<Finding> Analyze(RuleContext context)
    {
        var managed = context.Documents.Where(d => d.Source == SettingsSource.Managed).ToList();
        if (managed.Count == 0)
        {
            yield break;
        }

        var where = managed[0].LocationOf(string.Empty);
        foreach (var (key, alternatives, open) in Controls)
        {
            if (!managed.Any(d => At(d, key) is not null || alternatives.Any(a => At(d, a) is not null)))
            {
                yield return Found($"managed policy does not set {key}: {open}", where, key);
            }
        }
    }

    /// <summary>A managed policy that sets every control, but one: for the rule's own samples and tests.</summary>
    internal static string Satisfied(string? except)
    {
        var root = new System.Text.Json.Nodes.JsonObject();
        foreach (var (key, _, _) in Controls.Where(c => c.Key != except))
        {
            var parts = key == ModsKey ? ["pluginConfigs", "cc-plugin-sec-default@builtin", "options", "allowManagedModsOnly"] : key.Split('.');
            var node = root;
            foreach (var part in parts[..^1])
            {
                node = (System.Text.Json.Nodes.JsonObject)(node[part] ??= new System.Text.Json.Nodes.JsonObject());
            }

            node[parts[^1]] = key switch
            {
                "sandbox.allowUnsandboxedCommands" => false,
                "forceLoginMethod" => "claudeai",
                "forceLoginOrgUUID" or "requiredMinimumVersion" => "2.1.300",
                "disableAutoMode" => "disable",
                "strictKnownMarketplaces" or "blockedMarketplaces" or "allowedProviders" or "allowedHttpHookUrls" => new System.Text.Json.Nodes.JsonArray(),
                _ => true,
            };
        }

        return root.ToJsonString();
    }
}

/// <summary>Managed settings computed by a helper at startup: the files the audit reads are not the policy in force.</summary>
internal sealed class PolicyHelperRule : SettingCheck
{
    private static readonly string[] HelperKeys = ["policyHelper", "policyHelpers"];

    public override RuleMetadata Metadata { get; } = new("CCA463", "Managed policy is computed by a helper the audit cannot see", Severity.Low, AuditStep.Monitoring,
        "`policyHelper` / `policyHelpers` name an executable (or inline script) that Claude Code runs at startup to produce the managed settings. " +
        "ccaudit never runs it, so the managed tier it reports is only the static part; the helper's output wins over it.",
        "Audit the helper's output on a machine (`claude` prints the resolved sources in its `managed_settings_resolved` telemetry event), or deliver the policy as a file.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
        [Sample(true, Managed("""{"policyHelper":{"path":"/opt/corp/policy"}}""")), Sample(false, Managed("""{"disableAutoMode":"disable"}"""))];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        context.Documents.Where(d => d.Source == SettingsSource.Managed)
            .SelectMany(d => HelperKeys.Select(k => (d, k, At(d, k))))
            .Where(x => x.Item3 is not null)
            .Select(x => Found($"managed settings name a {x.k}: the policy in force is what it prints at startup", x.d.LocationOf(x.Item3!.Value.Pointer), x.k));
}

/// <summary>Small readers for the sandbox rules: the effective sandbox of each launch directory.</summary>
internal static class SandboxFacts
{
    public static bool Enabled(Discovery.LaunchContext launch) => launch.Settings.GetBool("sandbox.enabled") == true;

    /// <summary>Every string entry of an array setting in every document, with its tier and location.</summary>
    public static IEnumerable<(SettingsDocument Document, string Value, SourceLocation Location)> Entries(IEnumerable<SettingsDocument> documents, string key)
    {
        foreach (var document in documents)
        {
            if (At(document, key) is { Value.ValueKind: JsonValueKind.Array } array)
            {
                var index = 0;
                foreach (var item in array.Value.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        yield return (document, item.GetString()!, document.LocationOf(array.Pointer + "/" + index));
                    }

                    index++;
                }
            }
        }
    }
}
