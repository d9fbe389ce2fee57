using CcAudit.Core.Analysis;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Reports;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Audit;

/// <summary>
/// CI mode: audits what a repository commits (.claude/settings*.json, .mcp.json, CLAUDE.md, .claude/{agents,skills,commands,hooks},
/// nested projects and the plugins it ships), as a clone would bring it to a developer's machine; no home, no managed
/// policy, and only findings located in tracked files of the repository (every file on disk when it is not a git checkout).
/// </summary>
public static class RepositoryCheck
{
    /// <param name="repository">The repository root.</param>
    /// <param name="baselines">Suppression files named on the command line.</param>
    /// <param name="clock">The clock suppressions expire by.</param>
    /// <param name="repositorySuppressions">False for <c>--no-repo-suppressions</c>: suppressions the repository makes itself (its <c>.ccaudit.yml</c> or a baseline inside it) are refused.</param>
    public static AuditReport Run(string repository, IReadOnlyList<string> baselines, TimeProvider? clock = null, bool repositorySuppressions = true)
    {
        var root = Path.GetFullPath(repository).TrimEnd('/');
        var nowhere = Path.Combine(Path.GetTempPath(), $"ccaudit-check-none-{Guid.NewGuid():N}");
        var layout = RepositoryLayout.Read(root);
        var notes = new List<Diagnostic>(layout.Diagnostics);
        var tracked = GitIndex.Tracked(root, notes);
        var options = new ScanOptions([nowhere], false, nowhere, layout.LaunchDirectories, PathMap.None, new Dictionary<string, string?>()) { RepositoryRoot = root };
        var scan = InventoryScanner.Scan(options, clock);
        // What a link points to is not the repository's: anything read through one is dropped, its D008 says why.
        bool ThroughLink(string path) => layout.Links.Any(l => path == l || path.StartsWith(l + "/", StringComparison.Ordinal));
        bool InRepository(string? path) => path is not null && path.StartsWith(root + "/", StringComparison.Ordinal)
            && (tracked is null || tracked.Contains(path[(root.Length + 1)..])) && !ThroughLink(path);
        notes.AddRange(layout.Marketplaces.SelectMany(m => JsonFileReader.Read(m).Diagnostics));
        var inside = scan with
        {
            Inventory = scan.Inventory with
            {
                Homes = [],
                LaunchDirectories = [.. scan.Inventory.LaunchDirectories.Select(l => l.Path == root ? WithMarketplaces(l, layout.Marketplaces) : l)],
                Diagnostics = [.. scan.Inventory.Diagnostics.Where(d => InRepository(d.Location?.Path) || d.Location?.Path == root).Concat(notes).Distinct()],
            },
            Homes = [],
        };
        var findings = RuleEngine.Evaluate(AnalyzerRegistry.ConfigurationRules, RuleContext.FromScan(inside, clock)).Where(f => InRepository(f.Location?.Path)).ToList();
        var suppression = Suppressions.Load(inside, baselines);
        var diagnostics = suppression.Diagnostics.ToList();
        var rules = suppression.Value!;
        if (!repositorySuppressions)
        {
            var refused = rules.Entries.Where(s => IsUnder(s.Location.Path, root)).ToList();
            rules = new Suppressions([.. rules.Entries.Except(refused)]);
            diagnostics.AddRange(refused.Select(s => Diagnostic.Info(DiagnosticCodes.SuppressionRefused,
                $"suppression of {s.Rule} made by the repository itself refused (--no-repo-suppressions); its finding is reported", s.Location)));
        }

        var (kept, suppressed, expired) = rules.Apply(findings, (clock ?? TimeProvider.System).GetUtcNow());
        var marked = suppressed.Select(s => s with { ByRepository = IsUnder(s.SuppressionSource, root) }).ToList();
        return AuditReportBuilder.Build(inside, RuleEngine.Order(kept.Concat(expired)), marked, diagnostics);
    }

    private static LaunchDirectoryReport WithMarketplaces(LaunchDirectoryReport launch, IReadOnlyList<string> marketplaces) =>
        launch with { Files = [.. launch.Files, .. marketplaces.Select(m => new InventoryFile("plugin-marketplace", m, true, true, InventoryScanner.Mode(m)))] };

    private static bool IsUnder(string path, string root) => path.StartsWith(root + "/", StringComparison.Ordinal);
}
