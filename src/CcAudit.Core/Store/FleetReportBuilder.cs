using System.Globalization;
using CcAudit.Core.Reports;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Store;

/// <summary>Builds the fleet report from the latest audit of every machine and user in a store.</summary>
public static class FleetReportBuilder
{
    public static IReadOnlyList<string> TableNames { get; } = ["machines", "repositories", "settings-per-tier", "mcp-servers", "riskiest-rules", "no-managed-policy"];

    public static async Task<FleetReport> BuildAsync(ISnapshotStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var snapshots = await store.ListAsync(cancellationToken);
        var latest = snapshots.GroupBy(s => (s.Machine, s.User)).Select(g => g.MaxBy(s => s.Id)!).ToList();
        var entries = new System.Collections.Concurrent.ConcurrentBag<FleetEntry>();
        await Parallel.ForEachAsync(
            store.StreamFleetAsync([.. latest.Select(s => s.Id)], cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            (row, _) =>
            {
                entries.Add(row.Decode());
                return ValueTask.CompletedTask;
            });
        return Build(snapshots.Count, [.. entries]);
    }

    public static FleetReport Build(int snapshotCount, IReadOnlyList<FleetEntry> unordered)
    {
        ArgumentNullException.ThrowIfNull(unordered);
        var entries = unordered.OrderBy(e => e.Machine, StringComparer.Ordinal).ThenBy(e => e.User, StringComparer.Ordinal).ToList();
        static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
        static string When(FleetEntry e) => e.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var machines = new ReportTable("machines",
            ["machine", "user", "last audit (UTC)", "Claude homes", "launch directories", "managed policy", "critical", "high", "medium", "low", "sessions", "tool calls", "denials", "bypass sessions"],
            [.. entries.Select(e => (IReadOnlyList<string>)[e.Machine, e.User, When(e), I(e.Homes), I(e.Launches.Count), e.ManagedPolicy ? "present" : "none",
                .. e.FindingsBySeverity.Select(I), I(e.Sessions), I(e.ToolCalls), I(e.Denials), I(e.BypassSessions)])]);
        var repositories = new ReportTable("repositories",
            ["launch directory", "machines", "trusted on", "where"],
            [.. entries.SelectMany(e => e.Launches.Select(l => (l.Path, l.Trusted, e.Machine)))
                .GroupBy(x => x.Path, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (IReadOnlyList<string>)[g.Key, I(g.Select(x => x.Machine).Distinct().Count()), I(g.Count(x => x.Trusted)), string.Join(", ", g.Select(x => x.Machine).Distinct().Order(StringComparer.Ordinal))])]);
        var tiers = new ReportTable("settings-per-tier",
            ["machine", "user", "tier", "settings files", "allow rules", "ask rules", "deny rules"],
            [.. entries.SelectMany(e => e.Tiers.Select(t => (IReadOnlyList<string>)[e.Machine, e.User, t.Tier, I(t.Files), I(t.Allow), I(t.Ask), I(t.Deny)]))]);
        var servers = new ReportTable("mcp-servers",
            ["machine", "user", "owner (home)", "scope", "name", "transport", "command or url", "tokens held", "external data access", "loads"],
            [.. entries.SelectMany(e => e.McpServers.Select(row => (IReadOnlyList<string>)[e.Machine, e.User, .. row]))]);
        var risky = new ReportTable("riskiest-rules",
            ["rule", "severity", "title", "findings", "machines", "example"],
            [.. entries.SelectMany(e => e.RiskyFindings.Select(f => (Finding: f, e.Machine)))
                .GroupBy(x => x.Finding.RuleId, StringComparer.Ordinal)
                .OrderByDescending(g => g.Max(x => x.Finding.Severity)).ThenByDescending(g => g.Select(x => x.Machine).Distinct().Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (IReadOnlyList<string>)[g.Key, SeverityText.Of(g.Max(x => x.Finding.Severity)), g.First().Finding.Title, I(g.Count()), I(g.Select(x => x.Machine).Distinct().Count()),
                    $"{g.First().Machine}: {g.First().Finding.Location}"])]);
        var unmanaged = new ReportTable("no-managed-policy",
            ["machine", "user", "last audit (UTC)"],
            [.. entries.Where(e => !e.ManagedPolicy).Select(e => (IReadOnlyList<string>)[e.Machine, e.User, When(e)])]);
        return new FleetReport(snapshotCount, entries.Count, [machines, repositories, tiers, servers, risky, unmanaged]);
    }
}
