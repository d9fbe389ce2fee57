using CcAudit.Core.Discovery;

namespace CcAudit.Core.Activity;

/// <summary>
/// The <c>activity</c> preset of the pipeline: locate the homes as <c>scan</c> does (same machine options), read their
/// transcripts, history, live sessions and MCP logs once, and build the redacted report every format renders.
/// </summary>
public static class ActivityRun
{
    public static (IReadOnlyList<ClaudeHome> Homes, ActivityReport Report) Build(ScanOptions machine, ActivityOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(options);
        var (homes, located) = ClaudeHomeLocator.Locate(machine);
        var diagnostics = located.ToList();
        var activity = ActivityReader.Read(homes, diagnostics, options with { PathMaps = machine.PathMaps });
        var tool = "ccaudit " + typeof(ActivityRun).Assembly.GetName().Version?.ToString(3);
        var report = Common.AuditJson.Scrubbed(new ActivityReport(ActivityReport.CurrentSchemaVersion, tool, now,
            [.. homes.Select(h => h.ConfigDir)], options.Since, options.Until, options.Project, activity, diagnostics));
        return (homes, report);
    }
}
