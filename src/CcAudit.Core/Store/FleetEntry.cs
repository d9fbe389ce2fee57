using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Reports;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Store;

/// <summary>
/// What the fleet report needs of one audit, extracted when the audit is stored: a few KiB instead of the whole report,
/// so a report over ten thousand machines decodes these rather than every report (docs/benchmarks.md).
/// </summary>
public sealed record FleetEntry(
    string Machine,
    string User,
    DateTimeOffset GeneratedAt,
    int Homes,
    bool ManagedPolicy,
    IReadOnlyList<int> FindingsBySeverity,
    int Sessions,
    int ToolCalls,
    int Denials,
    int BypassSessions,
    IReadOnlyList<FleetLaunch> Launches,
    IReadOnlyList<FleetTier> Tiers,
    IReadOnlyList<IReadOnlyList<string>> McpServers,
    IReadOnlyList<FleetFinding> RiskyFindings)
{
    /// <summary>Plugins and mods other than the built-in bundle: id, origin, marketplace source, official, brings, repositories enabling
    /// it. Empty for entries stored before.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Plugins { get; init; } = [];

    private static readonly JsonSerializerOptions Compact = new(AuditJson.Options) { WriteIndented = false };

    public static FleetEntry From(AuditReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var servers = ReportTables.Get(report, ReportTables.McpServers).Rows;
        return new FleetEntry(
            report.Inventory.Machine.Hostname, report.Inventory.Machine.User, report.GeneratedAt,
            report.Inventory.Homes.Count(h => h.Exists), report.Inventory.Managed.Present,
            [.. new[] { Severity.Critical, Severity.High, Severity.Medium, Severity.Low }.Select(s => report.Findings.Count(f => f.Severity == s))],
            report.Activity.Sessions, report.Activity.ToolCalls, report.Activity.Denials, report.Activity.BypassSessions,
            [.. report.Inventory.LaunchDirectories.Select(l => new FleetLaunch(l.Path, l.Trusted))],
            // Rows are per launch directory: a user or managed rule is one rule however many directories it applies in.
            [.. report.PermissionRules.DistinctBy(p => (p.File, p.Line, p.Column, p.List, p.Rule)).GroupBy(p => p.Tier).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new FleetTier(g.Key, g.Select(p => p.File).Distinct().Count(), g.Count(p => p.List == "allow"), g.Count(p => p.List == "ask"), g.Count(p => p.List == "deny")))],
            // owner (home), scope, name, transport, command or url, tokens held, external data access, loads
            [.. servers.Select(row => (IReadOnlyList<string>)[row[2], row[1], row[0], row[4], row[5], row[6], row[7], row[8]])],
            [.. report.Findings.Where(f => f.Severity >= Severity.High).Select(f => new FleetFinding(f.RuleId, f.Severity, f.Title,
                f.Location?.ToString() ?? string.Empty))])
        {
            Plugins = [.. report.Inventory.Plugins.Where(p => p.Origin != "builtin").Select(p => (IReadOnlyList<string>)[p.Id, p.Origin,
                p.MarketplaceSource ?? "not known",
                p.Official switch { true => "yes", false => "no", null => "not known" }, p.Components.Summary(), string.Join(", ",
                    p.RepositoriesEnabling())])],
        };
    }

    public static string Encode(AuditReport report) => JsonSerializer.Serialize(From(report), Compact);

    public static FleetEntry Decode(string json) =>
        JsonSerializer.Deserialize<FleetEntry>(json, Compact) ?? throw new InvalidDataException("stored fleet entry is empty");
}

public sealed record FleetLaunch(string Path, bool Trusted);

public sealed record FleetTier(string Tier, int Files, int Allow, int Ask, int Deny);

public sealed record FleetFinding(string RuleId, Severity Severity, string Title, string Location);

/// <summary>One stored audit as the fleet report reads it: its fleet entry, or for audits stored before entries existed, the report.</summary>
public sealed record StoredFleetRow(string? Entry, string? Report)
{
    public FleetEntry Decode() => Entry is not null ? FleetEntry.Decode(Entry) : FleetEntry.From(SnapshotCodec.Decode(Report ?? throw new InvalidDataException("stored snapshot has neither fleet entry nor report")));
}
