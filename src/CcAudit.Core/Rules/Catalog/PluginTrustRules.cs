using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using static CcAudit.Core.Rules.Catalog.RuleFacts;

namespace CcAudit.Core.Rules.Catalog;

/// <summary>Sample plugins for the plugin rules: what the inventory reports for a plugin directory.</summary>
internal static class SamplePlugins
{
    public static PluginReport Plugin(string id, string origin, bool? official, PluginComponents components,
        params PluginEnablement[] enabledBy)
    {
        var (name, marketplace) = PluginInventory.Split(id);
        var root = $"{RuleSampleContext.HomeDir}/.claude/plugins/cache/{marketplace}/{name}/1.0.0";
        return new PluginReport(id, name, marketplace, origin, RuleSampleContext.HomeDir + "/.claude",
            official is null ? null : official.Value ? "github anthropics/x" : "github someone/x",
            official, "1.0.0", ["user"], root, enabledBy, components, []);
    }

    public static PluginComponents Mod { get; } = PluginComponents.None with { Modules = ["./register.js"] };

    public static PluginComponents Hooks { get; } = PluginComponents.None with { Hooks = 1, HookEvents = ["PreToolUse"] };

    public static PluginComponents Skills { get; } = PluginComponents.None with { Skills = 2 };

    public static PluginEnablement ByRepository { get; } = new("project", RuleSampleContext.ProjectDir + "/.claude/settings.json", 2,
        true, RuleSampleContext.ProjectDir);

    /// <summary>Where a finding about a plugin points: its hooks file when it has one, else its directory.</summary>
    public static SourceLocation Where(PluginReport plugin)
    {
        if (plugin.InstallPath is not { } root)
        {
            return new SourceLocation((plugin.SeenAt.Count > 0 ? plugin.SeenAt[0].Path : plugin.Home));
        }

        var hooks = Path.Combine(root, "hooks", "hooks.json");
        return new SourceLocation(plugin.Components.Hooks + plugin.Components.Modules.Count > 0 && File.Exists(hooks) ? hooks : root);
    }
}

internal sealed class UnlockedModsRule : SettingCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA477", "Mods load while managed policy leaves them unlocked", Severity.High,
        AuditStep.Inventory,
        "A mod is a plugin's hooks module (`\"modules\"` in its hooks file, or a folder of `dev-mods/` Claude wrote during a session): " +
        "code that runs inside " +
        "Claude Code's own process, unsandboxed, on every event it registers for. Where an organisation deploys managed settings but " +
        "leaves " +
        "`pluginConfigs[\"cc-plugin-sec-default@builtin\"].options.allowManagedModsOnly` unset or false, every such mod on the machine " +
        "loads.",
        "Set `allowManagedModsOnly: true` under `pluginConfigs[\"cc-plugin-sec-default@builtin\"].options` in managed settings, enable " +
        "the mods the " +
        "organisation vets from managed `enabledPlugins`, and remove the others.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Sample(true, Managed("""{"disableAutoMode":"disable"}""")) with { Plugins = [SamplePlugins.Plugin("guard@team", "installed",
            false, SamplePlugins.Mod)] },
        Sample(true, Managed("""{"pluginConfigs":{"cc-plugin-sec-default@builtin":{"options":{"allowManagedModsOnly":false}}}}"""))
            with { Plugins = [SamplePlugins.Plugin("scratch@dev-mods", "dev-mod", false, SamplePlugins.Mod)] },
        Sample(false, Managed("""{"pluginConfigs":{"cc-plugin-sec-default@builtin":{"options":{"allowManagedModsOnly":true}}}}"""))
            with { Plugins = [SamplePlugins.Plugin("guard@team", "installed", false, SamplePlugins.Mod)] },
        Sample(false, User("""{"model":"opus"}""")) with { Plugins = [SamplePlugins.Plugin("guard@team", "installed", false,
            SamplePlugins.Mod)] },
        Sample(false, Managed("""{"disableAutoMode":"disable"}""")) with { Plugins = [SamplePlugins.Plugin("docs@team", "installed",
            false, SamplePlugins.Hooks)] },
    ];

    public override IEnumerable<Finding> Analyze(RuleContext context)
    {
        var managed = context.Documents.Where(d => d.Source == Settings.SettingsSource.Managed).ToList();
        if (managed.Count == 0 || managed.Any(Locked))
        {
            yield break;
        }

        foreach (var plugin in context.Plugins.Where(p => p.Origin != "builtin" && p.Components.Modules.Count > 0))
        {
            var modules = string.Join(", ", plugin.Components.Modules);
            yield return Found($"{Describe(plugin)} loads a hooks module ({modules}) inside Claude Code: " +
                "managed policy does not set allowManagedModsOnly", SamplePlugins.Where(plugin), plugin.Id, ("origin", plugin.Origin),
                    ("home", plugin.Home));
        }
    }

    /// <summary>The binary counts the option on for any value but absent or false.</summary>
    private static bool Locked(Settings.SettingsDocument document) =>
        document.Root.ValueKind == JsonValueKind.Object && document.Root.TryGetProperty("pluginConfigs", out var configs)
            && configs.ValueKind == JsonValueKind.Object
        && configs.TryGetProperty("cc-plugin-sec-default@builtin", out var plugin) && plugin.ValueKind == JsonValueKind.Object
        && plugin.TryGetProperty("options", out var options) && options.ValueKind == JsonValueKind.Object
        && options.TryGetProperty("allowManagedModsOnly", out var value)
            && value.ValueKind is not (JsonValueKind.False or JsonValueKind.Null);

    internal static string Describe(PluginReport plugin) => plugin.Origin switch
    {
        "dev-mod" => $"mod {plugin.Name}, which Claude wrote in a session ({plugin.InstallPath}),",
        "plugin-dir" => $"plugin {plugin.Name}, sideloaded with --plugin-dir {plugin.InstallPath},",
        _ => $"plugin {plugin.Id}",
    };
}

internal sealed class UnofficialPluginRule : SettingCheck
{
    private static readonly HashSet<string> Origins = new(["installed", "not-installed", "plugin-dir", "dev-mod"], StringComparer.Ordinal);

    public override RuleMetadata Metadata { get; } = new("CCA478", "Plugin from outside Anthropic's marketplaces", Severity.Medium,
        AuditStep.Inventory,
        "An installed or enabled plugin whose marketplace is not in the anthropics GitHub organisation (another GitHub owner, a git or " +
        "plain URL, npm, " +
        "a local directory), a `--plugin-dir` sideload or a mod Claude wrote is third-party code: its hooks, mods and MCP servers run " +
        "with the user's " +
        "credentials, and its marketplace can change them on the next update.",
        "Review the plugin and its marketplace; allow marketplaces centrally with managed `strictKnownMarketplaces`, block sideloading " +
        "with " +
        "`disableSideloadFlags`, and remove plugins nobody vouches for.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Sample(true, User("{}")) with { Plugins = [SamplePlugins.Plugin("deploy@team", "installed", false, SamplePlugins.Hooks)] },
        Sample(true, User("{}")) with { Plugins = [SamplePlugins.Plugin("local@plugin-dir", "plugin-dir", false, SamplePlugins.Skills)] },
        Sample(false, User("{}")) with { Plugins = [SamplePlugins.Plugin("github@claude-plugins-official", "installed", true,
            SamplePlugins.Hooks)] },
        Sample(false, User("{}")) with { Plugins = [SamplePlugins.Plugin("old@team", "cached", false, SamplePlugins.Hooks)] },
    ];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        context.Plugins.Where(p => p.Official == false && Origins.Contains(p.Origin))
            .Select(p => Found(
                $"{UnlockedModsRule.Describe(p)} comes from {p.MarketplaceSource ?? "an unknown source"} " +
                $"and brings {p.Components.Summary()}",
                SamplePlugins.Where(p), p.Id, ("origin", p.Origin), ("home", p.Home)));
}

internal sealed class RepositoryEnablesCodePluginRule : SettingCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA479", "Repository enables a plugin that runs code", Severity.High,
        AuditStep.Inventory,
        "A committed `.claude/settings.json` enables a plugin that, as installed here, carries hooks, a hooks module (mod), MCP servers " +
        "or programs: " +
        "everyone who clones and trusts the repository runs them, and whoever controls the plugin's marketplace controls that code.",
        "Enable code-carrying plugins in user or managed settings after review; keep `enabledPlugins` out of committed settings, or " +
        "allow only vetted " +
        "marketplaces with managed `strictKnownMarketplaces`.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Sample(true, User("{}")) with { Plugins = [SamplePlugins.Plugin("deploy@team", "installed", false, SamplePlugins.Hooks,
            SamplePlugins.ByRepository)] },
        Sample(true, User("{}")) with { Plugins = [SamplePlugins.Plugin("guard@claude-plugins-official", "installed", true,
            SamplePlugins.Mod, SamplePlugins.ByRepository)] },
        Sample(false, User("{}")) with { Plugins = [SamplePlugins.Plugin("docs@team", "installed", false, SamplePlugins.Skills,
            SamplePlugins.ByRepository)] },
        Sample(false, User("{}")) with { Plugins = [SamplePlugins.Plugin("deploy@team", "installed", false, SamplePlugins.Hooks)] },
    ];

    public override IEnumerable<Finding> Analyze(RuleContext context)
    {
        foreach (var plugin in context.Plugins.Where(p => p.RunsCode()))
        {
            foreach (var enabled in plugin.EnabledBy.Where(e => e.Enabled && e.Tier == "project").DistinctBy(e => (e.File, e.Line)))
            {
                var repository = enabled.LaunchDirectory ?? enabled.File;
                yield return Found($"the repository {repository} enables {plugin.Id}, which brings {plugin.Components.Summary()}",
                    new SourceLocation(enabled.File, enabled.Line, 1), $"{plugin.Id} {enabled.File}", ("plugin", plugin.Id), ("home",
                        plugin.Home));
            }
        }
    }
}
