using CcAudit.Core.Discovery;
using CcAudit.Core.Reach;

namespace CcAudit.Core.Audit;

/// <summary>
/// The one wiring of the reach walk over an inventory, for <c>scan --reach</c> and <c>reach</c> alike, so both give the
/// same answer for the same directory: each launch directory with its effective settings (every tier, managed included),
/// its recorded trust and the directories its sessions added.
/// </summary>
public static class ReachWalk
{
    /// <summary>
    /// Walks <paramref name="only"/> (or every existing launch directory). A directory named on the command line
    /// (<c>--project</c>, <c>--cwd</c>) that <c>~/.claude.json</c> never recorded counts as trusted: its first interactive
    /// session asks for trust before anything else, and trusted is the wider reach; a recorded one keeps its flag.
    /// </summary>
    public static ReachReport Walk(ScanResult scan, Activity.ActivitySummary activity, IReadOnlyList<string>? only, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(activity);
        var launches = scan.Launches.Where(l => Directory.Exists(l.Path)).DistinctBy(l => l.Path).ToDictionary(l => l.Path, StringComparer.Ordinal);
        var sources = scan.Inventory.LaunchDirectories.DistinctBy(l => l.Path).ToDictionary(l => l.Path, l => l.Sources, StringComparer.Ordinal);
        var home = scan.Homes.Count > 0 ? scan.Homes[0].Home.UserHome : null;
        var added = Activity.LaunchDirectoryActivity.AddedByDirectory(activity.LaunchDirectories);
        var diagnostics = new List<Common.Diagnostic>();
        var report = ReachAnalyzer.Analyze(
            new ReachRequest(only is { Count: > 0 } ? only : [.. launches.Keys], home, dir =>
            {
                if (!launches.TryGetValue(dir, out var launch))
                {
                    // A directory the inventory could not place has no trust record and no tiers but its own files.
                    var settings = ReachSettingsLoader.Load(dir, home);
                    diagnostics.AddRange(settings.Diagnostics);
                    return new PermissionEngineReadPolicy(dir, home ?? dir, settings.Value ?? [], trusted: true);
                }

                var seen = sources.GetValueOrDefault(dir) ?? [];
                var trusted = launch.Trusted || (seen.Contains("--project") && !seen.Contains("claude.json projects"));
                return new PermissionEngineReadPolicy(dir, launch.Home.UserHome, launch.Settings.Documents, trusted, added.GetValueOrDefault(dir));
            }),
            cancellationToken);
        return report with { Diagnostics = [.. diagnostics, .. report.Diagnostics] };
    }
}
