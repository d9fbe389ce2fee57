using CcAudit.Core.Analysis;
using CcAudit.Core.Discovery;
using CcAudit.Core.Mcp;
using CcAudit.Core.Mcp.Checks;
using CcAudit.Core.Mcp.Inspection;
using CcAudit.Core.Mcp.Pins;
using CcAudit.Core.Reach;
using CcAudit.Core.Reports;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Audit;

/// <summary>
/// One audit of a machine: the inventory (step 1), the rule catalog over every launch directory (steps 2, 3, 5), optionally the
/// reach map (step 4), suppressions, and the report model every writer renders. Reads only; never runs what it finds.
/// </summary>
public static class Auditor
{
    public static async Task<(ScanResult Scan, AuditReport Report)> RunAsync(ScanOptions scanOptions, AuditOptions options, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scanOptions);
        ArgumentNullException.ThrowIfNull(options);
        var scan = InventoryScanner.Scan(scanOptions, clock);
        var diagnostics = new List<Common.Diagnostic>();
        var activity = Activity.ActivityReader.Read(scan.Homes.Select(h => h.Home), diagnostics);
        var reach = options.Reach ? WalkReach(scan, activity, scanOptions.Progress, cancellationToken) : null;
        diagnostics.AddRange(reach?.Diagnostics ?? []);

        // The red-team rules (CCA70x) read the secrets the reach walk found and the modes the transcripts show.
        var context = new RuleContext(scan.Launches, scan.Homes, scan.Managed, (clock ?? TimeProvider.System).GetUtcNow())
        {
            Reach = reach?.Launches.DistinctBy(l => l.LaunchDirectory).ToDictionary(l => l.LaunchDirectory, StringComparer.Ordinal)
                ?? new Dictionary<string, LaunchReach>(StringComparer.Ordinal),
            Activity = activity,
            Plugins = scan.Inventory.Plugins,
        };
        var findings = RuleEngine.Evaluate(AnalyzerRegistry.ConfigurationRules, context).Concat(ManagedSourceFindings.Instance.Analyze(context))
            .Concat(IgnoredDropInFindings.Instance.Analyze(context)).ToList();
        if (options.Baseline is { } baseline)
        {
            findings.AddRange(BaselineConformance.Analyze(new BaselineEvidence(scan.Launches, baseline)));
        }

        findings.AddRange(RedTeam.ApprovalFatigueAnalyzer.Instance.Analyze(context));
        findings.AddRange(AnalyzerRegistry.For<Activity.ActivitySummary>().SelectMany(a => a.Analyze(activity))
            .Select(f => TranscriptEvidencePolicy.Explain(f, scan.Launches, scanOptions.PathMaps)));
        findings.AddRange(reach?.Findings ?? []);

        List<McpToolPinRow>? pins = null;
        if (options.ConnectMcp is { } inspection)
        {
            (var mcpFindings, pins) = await InspectMcpAsync(scan, inspection, options, clock ?? TimeProvider.System, cancellationToken);
            findings.AddRange(mcpFindings);
        }

        var suppression = Suppressions.Load(scan, options.SuppressionFiles ?? []);
        diagnostics.AddRange(suppression.Diagnostics);
        var (kept, suppressed, expired) = suppression.Value!.Apply(findings, context.Now);
        var ordered = RuleEngine.Order(kept.Concat(expired));
        return (scan, AuditReportBuilder.Build(scan, ordered, suppressed, diagnostics, activity, reach is not null) with { McpPins = pins });
    }

    private static ReachReport WalkReach(ScanResult scan, Activity.ActivitySummary activity, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        progress?.Report("walking launch directories for reach");
        return ReachWalk.Walk(scan, activity, null, cancellationToken);
    }

    /// <summary>Synchronous form for callers without live MCP inspection.</summary>
    public static (ScanResult Scan, AuditReport Report) Run(ScanOptions scanOptions, AuditOptions options, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        if (options.ConnectMcp is not null)
        {
            throw new ArgumentException("live MCP inspection is asynchronous: use RunAsync", nameof(options));
        }

        return RunAsync(scanOptions, options, clock, cancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Connects once to each distinct server that loads in some launch directory; failures, poisoning and pin changes become
    /// findings, and the tools each connected server offered become the snapshot's pins.
    /// </summary>
    private static async Task<(List<Finding> Findings, List<McpToolPinRow> Pins)> InspectMcpAsync(ScanResult scan, McpInspectionOptions inspection, AuditOptions options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var result = await McpInspectionRun.RunAsync(scan.McpServersToInspect(), inspection, options.Pins, clock, options.BeforeLaunch, null, cancellationToken);
        return ([.. result.Findings], [.. result.Pins]);
    }
}
