using CcAudit.Core.Discovery;
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
    public static (ScanResult Scan, AuditReport Report) Run(ScanOptions scanOptions, AuditOptions options, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scanOptions);
        ArgumentNullException.ThrowIfNull(options);
        var scan = InventoryScanner.Scan(scanOptions, clock);
        var context = RuleContext.FromScan(scan, clock);
        var findings = RuleEngine.Evaluate(RuleCatalog.All, context).ToList();
        var diagnostics = new List<Common.Diagnostic>();
        if (options.Reach)
        {
            scanOptions.Progress?.Report("walking launch directories for reach");
            var launches = scan.Launches.Where(l => Directory.Exists(l.Path)).DistinctBy(l => l.Path).ToDictionary(l => l.Path, StringComparer.Ordinal);
            var home = scan.Homes.Count > 0 ? scan.Homes[0].Home.UserHome : null;
            var reach = ReachAnalyzer.Analyze(
                new ReachRequest([.. launches.Keys], home, dir =>
                {
                    var launch = launches[dir];
                    return new WorkingDirectoryReadPolicy(dir, launch.Home.UserHome, launch.Settings.Documents);
                }),
                cancellationToken);
            findings.AddRange(reach.Findings);
            diagnostics.AddRange(reach.Diagnostics);
        }

        var suppression = Suppressions.Load(scan, options.SuppressionFiles ?? []);
        diagnostics.AddRange(suppression.Diagnostics);
        var (kept, suppressed, expired) = suppression.Value!.Apply(findings, context.Now);
        var ordered = kept.Concat(expired)
            .OrderByDescending(f => f.Severity).ThenBy(f => f.RuleId, StringComparer.Ordinal).ThenBy(f => f.Location?.Path, StringComparer.Ordinal).ThenBy(f => f.Location?.Line ?? 0)
            .ToList();
        return (scan, AuditReportBuilder.Build(scan, ordered, suppressed, diagnostics));
    }
}
