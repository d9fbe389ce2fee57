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
        var reports = new System.Collections.Concurrent.ConcurrentBag<AuditReport>();
        await Parallel.ForEachAsync(
            store.StreamJsonAsync([.. latest.Select(s => s.Id)], cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            (json, _) =>
            {
                reports.Add(SnapshotCodec.Decode(json));
                return ValueTask.CompletedTask;
            });
        return Build(snapshots.Count, [.. reports]);
    }

    public static FleetReport Build(int snapshotCount, IReadOnlyList<AuditReport> unordered)
    {
        ArgumentNullException.ThrowIfNull(unordered);
        var reports = unordered.OrderBy(r => r.Inventory.Machine.Hostname, StringComparer.Ordinal).ThenBy(r => r.Inventory.Machine.User, StringComparer.Ordinal).ToList();
        static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
        static int Count(AuditReport r, Severity s) => r.Findings.Count(f => f.Severity == s);
        var machines = new ReportTable("machines",
            ["machine", "user", "last audit (UTC)", "Claude homes", "launch directories", "managed policy", "critical", "high", "medium", "low", "sessions", "tool calls", "denials", "bypass sessions"],
            [.. reports.Select(r => (IReadOnlyList<string>)[r.Inventory.Machine.Hostname, r.Inventory.Machine.User, r.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                I(r.Inventory.Homes.Count(h => h.Exists)), I(r.Inventory.LaunchDirectories.Count), r.Inventory.Managed.Present ? "present" : "none",
                I(Count(r, Severity.Critical)), I(Count(r, Severity.High)), I(Count(r, Severity.Medium)), I(Count(r, Severity.Low)),
                I(r.Activity.Sessions), I(r.Activity.ToolCalls), I(r.Activity.Denials), I(r.Activity.BypassSessions)])]);
        var repositories = new ReportTable("repositories",
            ["launch directory", "machines", "trusted on", "where"],
            [.. reports.SelectMany(r => r.Inventory.LaunchDirectories.Select(l => (l.Path, l.Trusted, Machine: r.Inventory.Machine.Hostname)))
                .GroupBy(x => x.Path, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (IReadOnlyList<string>)[g.Key, I(g.Select(x => x.Machine).Distinct().Count()), I(g.Count(x => x.Trusted)), string.Join(", ", g.Select(x => x.Machine).Distinct().Order(StringComparer.Ordinal))])]);
        var tiers = new ReportTable("settings-per-tier",
            ["machine", "user", "tier", "settings files", "allow rules", "ask rules", "deny rules"],
            [.. reports.SelectMany(r => r.PermissionRules.GroupBy(p => p.Tier).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (IReadOnlyList<string>)[r.Inventory.Machine.Hostname, r.Inventory.Machine.User, g.Key, I(g.Select(p => p.File).Distinct().Count()),
                    I(g.Count(p => p.List == "allow")), I(g.Count(p => p.List == "ask")), I(g.Count(p => p.List == "deny"))]))]);
        var servers = new ReportTable("mcp-servers",
            ["machine", "user", "owner (home)", "scope", "name", "transport", "command or url", "tokens held", "external data access", "loads"],
            [.. reports.SelectMany(r => ReportTables.Get(r, ReportTables.McpServers).Rows.Select(row => (IReadOnlyList<string>)[r.Inventory.Machine.Hostname, r.Inventory.Machine.User, row[2], row[1], row[0], row[4], row[5], row[6], row[7], row[8]]))]);
        var risky = new ReportTable("riskiest-rules",
            ["rule", "severity", "title", "findings", "machines", "example"],
            [.. reports.SelectMany(r => r.Findings.Where(f => f.Severity >= Severity.High).Select(f => (Finding: f, Machine: r.Inventory.Machine.Hostname)))
                .GroupBy(x => x.Finding.RuleId, StringComparer.Ordinal)
                .OrderByDescending(g => g.Max(x => x.Finding.Severity)).ThenByDescending(g => g.Select(x => x.Machine).Distinct().Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (IReadOnlyList<string>)[g.Key, g.Max(x => x.Finding.Severity).ToString().ToLowerInvariant(), g.First().Finding.Title, I(g.Count()), I(g.Select(x => x.Machine).Distinct().Count()),
                    $"{g.First().Machine}: {g.First().Finding.Location}"])]);
        var unmanaged = new ReportTable("no-managed-policy",
            ["machine", "user", "last audit (UTC)"],
            [.. reports.Where(r => !r.Inventory.Managed.Present).Select(r => (IReadOnlyList<string>)[r.Inventory.Machine.Hostname, r.Inventory.Machine.User, r.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)])]);
        return new FleetReport(snapshotCount, reports.Count, [machines, repositories, tiers, servers, risky, unmanaged]);
    }
}
