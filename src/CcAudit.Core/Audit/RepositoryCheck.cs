using CcAudit.Core.Analysis;
using CcAudit.Core.Discovery;
using CcAudit.Core.Reports;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Audit;

/// <summary>
/// CI mode: audits what a repository commits (.claude/settings.json, .mcp.json, CLAUDE.md, .claude/{agents,skills,commands,hooks}),
/// as a clone would bring it to a developer's machine; no home, no managed policy, and only findings located in the repository.
/// </summary>
public static class RepositoryCheck
{
    public static AuditReport Run(string repository, IReadOnlyList<string> baselines, TimeProvider? clock = null)
    {
        var root = Path.GetFullPath(repository).TrimEnd('/');
        var nowhere = Path.Combine(Path.GetTempPath(), $"ccaudit-check-none-{Guid.NewGuid():N}");
        var options = new ScanOptions([nowhere], false, nowhere, [root], PathMap.None, new Dictionary<string, string?>());
        var scan = InventoryScanner.Scan(options, clock);
        var inside = scan with
        {
            Inventory = scan.Inventory with { Homes = [], Diagnostics = [.. scan.Inventory.Diagnostics.Where(d => d.Location?.Path.StartsWith(root, StringComparison.Ordinal) == true)] },
            Homes = [],
        };
        var findings = RuleEngine.Evaluate(AnalyzerRegistry.ConfigurationRules, RuleContext.FromScan(inside, clock))
            .Where(f => f.Location?.Path.StartsWith(root + "/", StringComparison.Ordinal) == true)
            .ToList();
        var suppression = Suppressions.Load(inside, baselines);
        var (kept, suppressed, expired) = suppression.Value!.Apply(findings, (clock ?? TimeProvider.System).GetUtcNow());
        return AuditReportBuilder.Build(inside, [.. kept, .. expired], suppressed, suppression.Diagnostics);
    }
}
