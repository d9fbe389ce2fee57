using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Reach;
using CcAudit.Core.Rules;
using CcAudit.Core.Settings;

namespace CcAudit.Core.RedTeam;

/// <summary>What <c>ccaudit redteam</c> attacks: named launch directories (none: every existing one of the inventory), with or without the reach walk.</summary>
public sealed record RedTeamRequest(IReadOnlyList<string> Directories, bool Reach = true);

/// <summary>The red-team pass of every attacked launch directory, its findings, approval fatigue and what could not be seen.</summary>
public sealed record RedTeamReport(IReadOnlyList<LaunchRedTeam> Launches, IReadOnlyList<Finding> Findings, FatigueReport Fatigue, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>One static red-team run: inventory, transcripts, reach of the chosen launch directories, probes, findings. Runs nothing.</summary>
public static class RedTeamRun
{
    public static (ScanResult Scan, RuleContext Context, RedTeamReport Report) Run(ScanOptions options, RedTeamRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(request);
        var named = request.Directories.Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d))).ToList();
        var scan = InventoryScanner.Scan(options with { Projects = [.. options.Projects, .. named] });
        var diagnostics = new List<Diagnostic>(scan.Inventory.Diagnostics);
        var activity = Activity.ActivityReader.Read(scan.Homes.Select(h => h.Home), diagnostics);
        var recorded = scan.Inventory.LaunchDirectories.Where(l => l.Sources.Contains("claude.json projects")).Select(l => l.Path).ToHashSet(StringComparer.Ordinal);
        var launches = scan.Launches.Where(l => Directory.Exists(l.Path) && (named.Count == 0 || named.Contains(l.Path))).DistinctBy(l => l.Path)
            // A named directory ~/.claude.json never recorded counts as trusted, as reach counts it: its first session asks for trust.
            .Select(l => !l.Trusted && named.Contains(l.Path) && !recorded.Contains(l.Path)
                ? l with { Trusted = true, Settings = EffectiveSettingsBuilder.Build(l.Settings.Documents, true) }
                : l)
            .ToList();
        var reach = request.Reach ? WalkReach(launches, activity, cancellationToken) : null;
        diagnostics.AddRange(reach?.Diagnostics ?? []);
        var context = new RuleContext(launches, scan.Homes, scan.Managed, DateTimeOffset.UtcNow)
        {
            Reach = reach?.Launches.DistinctBy(l => l.LaunchDirectory).ToDictionary(l => l.LaunchDirectory, StringComparer.Ordinal)
                ?? new Dictionary<string, LaunchReach>(StringComparer.Ordinal),
            Activity = activity,
            Plugins = scan.Inventory.Plugins,
        };
        var findings = Analysis.AnalyzerRegistry.ConfigurationRules.OfType<RedTeamRule>().SelectMany(r => r.Analyze(context))
            .Concat(ApprovalFatigueAnalyzer.Instance.Analyze(context))
            .OrderByDescending(f => f.Severity).ThenBy(f => f.RuleId, StringComparer.Ordinal).ThenBy(f => f.Location?.Path, StringComparer.Ordinal)
            .ToList();
        return (scan, context, new RedTeamReport(RedTeamRule.PassesOf(context), findings, ApprovalFatigue.Analyze(activity, launches), diagnostics));
    }

    private static ReachReport WalkReach(IReadOnlyList<LaunchContext> launches, Activity.ActivitySummary activity, CancellationToken cancellationToken)
    {
        var byPath = launches.ToDictionary(l => l.Path, StringComparer.Ordinal);
        var added = activity.LaunchDirectories.ToDictionary(d => d.Directory, d => d.AddedDirectories, StringComparer.Ordinal);
        return ReachAnalyzer.Analyze(
            new ReachRequest([.. byPath.Keys], launches.Count > 0 ? launches[0].Home.UserHome : null, dir =>
            {
                var launch = byPath[dir];
                return new PermissionEngineReadPolicy(dir, launch.Home.UserHome, launch.Settings.Documents, launch.Trusted, added.GetValueOrDefault(dir));
            }),
            cancellationToken);
    }
}
