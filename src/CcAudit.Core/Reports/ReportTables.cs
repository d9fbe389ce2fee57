using System.Globalization;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Reports;

/// <summary>A flat table of an <see cref="AuditReport"/>: what the spreadsheet sheets and the CSV files hold.</summary>
public sealed record ReportTable(string Name, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>The report's tables, shared by the CSV and XLSX writers so both say the same thing.</summary>
public static class ReportTables
{
    public const string Findings = "findings";
    public const string McpServers = "mcp-servers";
    public const string PermissionRules = "permission-rules";

    /// <summary>The activity tables of the scan report carry this prefix (<c>activity-commands</c>, <c>activity-days</c> …).</summary>
    public const string ActivityPrefix = "activity-";

    public static IReadOnlyList<string> Names { get; } = [Findings, McpServers, PermissionRules, .. Activity.ActivityTables.Names.Select(n => ActivityPrefix + n)];

    public static ReportTable Get(AuditReport report, string name)
    {
        ArgumentNullException.ThrowIfNull(report);
        return name switch
        {
            Findings => new ReportTable(Findings,
                ["id", "severity", "step", "title", "message", "file", "line", "column", "subject", "fingerprint"],
                [.. report.Findings.Select(f => (IReadOnlyList<string>)[f.RuleId, SeverityText.Of(f.Severity), ((int)f.Step).ToString(CultureInfo.InvariantCulture), f.Title, f.Message,
                    f.Location?.Path ?? string.Empty, (f.Location?.Line ?? 0).ToString(CultureInfo.InvariantCulture), (f.Location?.Column ?? 0).ToString(CultureInfo.InvariantCulture), f.Subject ?? string.Empty, f.Fingerprint])]),
            McpServers => new ReportTable(McpServers,
                ["name", "scope", "owner (home)", "launch directory", "transport", "command or url", "tokens held", "external data access", "loads", "why", "file", "line"],
                [.. report.Inventory.McpServers.Select(s => (IReadOnlyList<string>)[s.Name, s.Scope, s.Home, s.LaunchDirectory ?? string.Empty, s.Transport, s.Command ?? s.Url ?? string.Empty,
                    string.Join("; ", s.Tokens.Select(t => $"{t.Where} {t.Name}: {t.Value}")), ExternalAccess(report, s.Name), s.LoadState ?? "everywhere", s.LoadReason ?? string.Empty,
                    s.Location.Path, s.Location.Line.ToString(CultureInfo.InvariantCulture)])]),
            PermissionRules => new ReportTable(PermissionRules,
                ["launch directory", "list", "rule", "tier", "file", "line", "column", "applied", "ignored because"],
                [.. report.PermissionRules.Select(r => (IReadOnlyList<string>)[r.LaunchDirectory, r.List, r.Rule, r.Tier, r.File, r.Line.ToString(CultureInfo.InvariantCulture), r.Column.ToString(CultureInfo.InvariantCulture), r.Applied ? "yes" : "no", r.IgnoredBecause ?? string.Empty])]),
            _ when name.StartsWith(ActivityPrefix, StringComparison.Ordinal) && Activity.ActivityTables.Names.Contains(name[ActivityPrefix.Length..]) =>
                Activity.ActivityTables.Get(report.Activity, name[ActivityPrefix.Length..]) with { Name = name },
            _ => throw new ArgumentException($"unknown table '{name}' ({string.Join(", ", Names)})", nameof(name)),
        };
    }

    /// <summary>"yes: …" when a rule found that the server brings external content or reaches the network.</summary>
    private static string ExternalAccess(AuditReport report, string server)
    {
        var finding = report.Findings.FirstOrDefault(f => f.RuleId is "CCA107" or "CCA104" && f.Subject == server);
        return finding is null ? "not known" : "yes: " + finding.Title;
    }
}
