using System.Text.Json;
using CcAudit.Core.Settings;
using static CcAudit.Core.Rules.Catalog.RuleFacts;

namespace CcAudit.Core.Rules.Catalog;

internal sealed class AutoModeDefaultsRule : SettingCheck
{
    private static readonly string[] Sections = ["soft_deny", "hard_deny", "environment"];

    public override RuleMetadata Metadata { get; } = new("CCA472", "Auto mode classifier loses its built-in rules or still honours shell allow rules", Severity.High, AuditStep.PermissionDrift,
        "An `autoMode.soft_deny`, `hard_deny` or `environment` list without the literal \"$defaults\" replaces the built-in entries (72 soft blocks such as " +
        "Git Destructive, Credential Exploration, Self-Modification; the Data Exfiltration hard block). In auto mode without `autoMode.classifyAllShell: true`, " +
        "Bash allow rules approve shell commands before the classifier sees them.",
        "Keep \"$defaults\" in every autoMode list you customise; set `autoMode.classifyAllShell: true` where auto mode is used.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Sample(true, User("""{"autoMode":{"soft_deny":["Never delete the database"]}}""")),
        Sample(true, User("""{"permissions":{"defaultMode":"auto","allow":["Bash(npm:*)"]}}""")),
        Sample(false, User("""{"autoMode":{"soft_deny":["$defaults","Never delete the database"]}}""")),
        Sample(false, User("""{"permissions":{"defaultMode":"auto","allow":["Bash(npm:*)"]},"autoMode":{"classifyAllShell":true}}""")),
    ];

    public override IEnumerable<Finding> Analyze(RuleContext context)
    {
        foreach (var document in context.Documents)
        {
            foreach (var section in Sections)
            {
                if (At(document, "autoMode." + section) is { Value.ValueKind: JsonValueKind.Array } list
                    && !list.Value.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.String && e.GetString() == "$defaults"))
                {
                    yield return Found($"{Tier(document.Source)} settings replace the built-in auto mode {section} entries (no \"$defaults\")",
                        document.LocationOf(list.Pointer), "autoMode." + section);
                }
            }
        }

        foreach (var launch in context.Launches.Where(l => l.Settings.GetString("permissions.defaultMode") == "auto" && l.Settings.GetBool("autoMode.classifyAllShell") != true))
        {
            if (launch.Settings.AppliedRules.FirstOrDefault(r => r.List == PermissionList.Allow && r.Rule.StartsWith("Bash", StringComparison.Ordinal)) is { } rule)
            {
                yield return Found($"auto mode starts here and {rule.Rule} ({Tier(rule.Source)}) approves shell commands before the classifier sees them (autoMode.classifyAllShell is not true)",
                    rule.Location, "autoMode.classifyAllShell", ("launch", launch.Path));
            }
        }
    }
}

internal sealed class HttpHookUrlsRule : SettingCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA473", "HTTP hook URL allow-list admits any host", Severity.Medium, AuditStep.Monitoring,
        "`allowedHttpHookUrls` is the only limit on where `http` hooks post session data; a `*`, `https://*` or plain `http://` pattern admits any collector. " +
        "Lists merge across tiers (a list outside managed settings does not apply to managed hooks).",
        "List the exact collector URLs (`https://hooks.corp.example.com/*`) in managed settings.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Sample(true, User("""{"allowedHttpHookUrls":["*"]}""")),
        Sample(true, Managed("""{"allowedHttpHookUrls":["http://*"]}""")),
        Sample(false, Managed("""{"allowedHttpHookUrls":["https://hooks.corp.example.com/*"]}""")),
    ];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        SandboxFacts.Entries(context.Documents, "allowedHttpHookUrls").Where(e => Open(e.Value.Trim()))
            .Select(e => Found($"{Tier(e.Document.Source)} settings let HTTP hooks post to {e.Value}", e.Location, e.Value));

    private static bool Open(string pattern) =>
        pattern is "*" or "*://*" or "https://*" or "http://*" or "https://*/*" or "http://*/*" || pattern.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
}

internal sealed class UnofficialMarketplaceRule : SettingCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA475", "Marketplace from an unofficial source", Severity.Medium, AuditStep.Inventory,
        "A marketplace declared in `extraKnownMarketplaces` supplies plugins (hooks, MCP servers, agents, skills, mods) to everyone who enables them. One outside " +
        "the anthropics GitHub organisation, from a plain URL, a local directory or npm, is third-party code; declared in a repository it reaches every clone once trusted.",
        "Allow marketplaces in managed `strictKnownMarketplaces`; review each third-party marketplace and pin it to a commit.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Sample(true, Project("""{"extraKnownMarketplaces":{"team":{"source":{"source":"github","repo":"someone/plugins"}}}}""")),
        Sample(true, User("""{"extraKnownMarketplaces":{"x":{"source":{"source":"url","url":"https://example.com/marketplace.json"}}}}""")),
        Sample(false, User("""{"extraKnownMarketplaces":{"official":{"source":{"source":"github","repo":"anthropics/claude-plugins-official"}}}}""")),
    ];

    public override IEnumerable<Finding> Analyze(RuleContext context)
    {
        foreach (var document in context.Documents)
        {
            foreach (var key in Discovery.MarketplaceSource.SettingsKeys)
            {
                if (At(document, key) is not { Value.ValueKind: JsonValueKind.Object } map)
                {
                    continue;
                }

                foreach (var entry in map.Value.EnumerateObject())
                {
                    if (Discovery.MarketplaceSource.Describe(entry.Value) is { Official: false } source)
                    {
                        yield return Found($"{Tier(document.Source)} settings declare marketplace '{entry.Name}' from {source.Text}",
                            document.LocationOf(map.Pointer + "/" + Common.JsonFile.EscapePointerToken(entry.Name)), entry.Name, ("source", source.Text));
                    }
                }
            }
        }
    }
}

internal sealed class RepositoryEnablesPluginsRule : SettingCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA476", "Repository settings enable plugins", Severity.Medium, AuditStep.Inventory,
        "`enabledPlugins` in a committed `.claude/settings.json` turns plugins on for everyone who clones and trusts the repository: their hooks and mods run " +
        "in Claude Code, their MCP servers start, their skills and agents load.",
        "Enable plugins in user or managed settings; allow marketplaces centrally with `strictKnownMarketplaces`.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
        [Sample(true, Project("""{"enabledPlugins":{"deploy@team":true}}""")), Sample(false, Project("""{"enabledPlugins":{"deploy@team":false}}""")), Sample(false, User("""{"enabledPlugins":{"deploy@team":true}}"""))];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        context.Documents.Where(d => d.Source == SettingsSource.Project && At(d, "enabledPlugins") is { Value.ValueKind: JsonValueKind.Object })
            .SelectMany(d => At(d, "enabledPlugins")!.Value.Value.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.True)
                .Select(p => Found($"the repository enables plugin {p.Name}", d.LocationOf("/enabledPlugins/" + Common.JsonFile.EscapePointerToken(p.Name)), p.Name)));
}
