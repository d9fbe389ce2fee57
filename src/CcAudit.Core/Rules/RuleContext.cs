using CcAudit.Core.Discovery;
using CcAudit.Core.Mcp;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Rules;

/// <summary>Everything a rule may look at, read-only. Built from a scan, or from a <see cref="RuleSample"/>.</summary>
public sealed class RuleContext(IReadOnlyList<LaunchContext> launches, IReadOnlyList<HomeContext> homes, ManagedPolicy managed, DateTimeOffset now)
{
    public IReadOnlyList<LaunchContext> Launches { get; } = launches;

    public IReadOnlyList<HomeContext> Homes { get; } = homes;

    public ManagedPolicy Managed { get; } = managed;

    public DateTimeOffset Now { get; } = now;

    /// <summary>The reach map per launch directory, when the audit walked them (red-team probes read the secrets it found).</summary>
    public IReadOnlyDictionary<string, Reach.LaunchReach> Reach { get; init; } = new Dictionary<string, Reach.LaunchReach>(StringComparer.Ordinal);

    /// <summary>What the transcripts show, when they were read: modes sessions ran in, tools and commands used.</summary>
    public Activity.ActivitySummary? Activity { get; init; }

    /// <summary>Every plugin and mod of the scan (installed, sideloaded, Claude-written, cached, built-in).</summary>
    public IReadOnlyList<PluginReport> Plugins { get; init; } = [];

    public static RuleContext FromScan(ScanResult scan, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return new RuleContext(scan.Launches, scan.Homes, scan.Managed, (clock
            ?? TimeProvider.System).GetUtcNow()) { Plugins = scan.Inventory.Plugins };
    }

    /// <summary>Every settings document of every launch directory, each file once.</summary>
    public IEnumerable<SettingsDocument> Documents =>
        Launches.SelectMany(l => l.Settings.Documents)
            .Concat(Managed.Documents)
            .Concat(Homes.Select(h => h.UserSettings).OfType<SettingsDocument>())
            .DistinctBy(d => d.Path ?? $"<{d.Source}>");

    /// <summary>Every permission rule Claude Code applies somewhere, each file position once.</summary>
    public IEnumerable<PermissionRuleEntry> AppliedRules =>
        Launches.SelectMany(l => l.Settings.AppliedRules).DistinctBy(r => (r.Location.Path, r.Location.JsonPointer));

    /// <summary>Every permission rule in any file, applied or not, each file position once.</summary>
    public IEnumerable<PermissionRuleEntry> AllRules =>
        Launches.SelectMany(l => l.Settings.PermissionRules).DistinctBy(r => (r.Location.Path, r.Location.JsonPointer));

    /// <summary>Every hook of every tier, each file position once.</summary>
    public IEnumerable<HookEntry> Hooks => Launches.SelectMany(l => l.Settings.Hooks).DistinctBy(h => (h.Location.Path, h.Location.JsonPointer));

    /// <summary>Every committed customization file with its text, each file once.</summary>
    public IEnumerable<CustomizationFile> Customizations => Launches.SelectMany(l => l.Customizations).DistinctBy(c => c.Path);

    /// <summary>
    /// Every configured MCP server with the launch directory it is seen from, each config entry once; a home's own servers
    /// count even when no launch directory of the home was recorded.
    /// </summary>
    public IEnumerable<(McpServerConfig Server, McpLoadDecision? Decision, LaunchContext? Launch)> McpServers =>
        Launches.SelectMany(l => l.McpDecisions.Select(d => (d.Server, (McpLoadDecision?)d, (LaunchContext?)l)))
            .Concat(Homes.SelectMany(h => h.McpDecisions.Select(d => (d.Server, (McpLoadDecision?)d, (LaunchContext?)null))))
            .DistinctBy(x => (x.Server.Location.Path, x.Server.Location.JsonPointer));
}
