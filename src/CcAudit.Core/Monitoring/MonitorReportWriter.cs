using System.Globalization;
using System.Text;
using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Reports;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Monitoring;

/// <summary>The monitor report as tables (CSV, XLSX, Markdown) and JSON; HTML is the <see cref="MonitorDashboard"/>.</summary>
public static class MonitorReportWriter
{
    public static IReadOnlyList<string> Formats { get; } = ["console", "json", "md", "html", "csv", "xlsx"];

    public static IReadOnlyList<string> TableNames { get; } = ["totals", "findings", "sessions", "decisions", "groups", "baselines"];

    public static IReadOnlyList<ReportTable> Tables(MonitorReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return
        [
            new ReportTable("totals", ["figure", "value"],
            [
                Row("period", $"{T(report.Since) ?? "start"} to {T(report.Until) ?? "now"}"), Row("events", I(report.Events)), Row("sessions", I(report.Sessions.Count)),
                Row("tool calls", I(report.Decisions.Sum(d => d.Count))), Row("rejected", I(report.Decisions.Where(d => d.Decision == "reject").Sum(d => d.Count))),
                Row("findings", I(report.Findings.Count)),
            ]),
            new ReportTable("findings", ["id", "severity", "title", "message", "subject", "fingerprint"],
                [.. report.Findings.Select(f => Row(f.RuleId, SeverityText.Of(f.Severity), f.Title, f.Message, f.Subject ?? string.Empty, f.Fingerprint))]),
            new ReportTable("sessions", ["session", "user", "team", "host", "launch directory", "first", "last", "seen in"],
                [.. report.Sessions.Select(s => Row(s.Id, s.User, s.Team, s.Host, s.LaunchDirectory, T(s.First)!, T(s.Last)!, s.Seen))]),
            new ReportTable("decisions", ["tool", "command or path", "decision", "source", "calls", "ran", "sessions", "categories"],
                [.. report.Decisions.Select(d => Row(d.Tool, d.Command, d.Decision, d.Source, I(d.Count), I(d.Ran), I(d.Sessions), d.Categories))]),
            new ReportTable("groups", ["by", "value", "sessions", "prompts", "accepted", "rejected", "input tokens", "output tokens", "cache read tokens", "cost usd"],
                [.. report.Groups.Select(g => Row(g.Dimension, g.Value, I(g.Sessions), I(g.Prompts), I(g.Accepted), I(g.Rejected), L(g.InputTokens), L(g.OutputTokens), L(g.CacheReadTokens),
                    g.CostUsd.ToString("0.######", CultureInfo.InvariantCulture)))]),
            new ReportTable("baselines", ["by", "value", "week", "sessions", "approvals by a person", "rejections", "tool calls", "tokens"],
                [.. report.Baselines.Select(b => Row(b.Dimension, b.Value, b.Week, I(b.Sessions), I(b.Approvals), I(b.Rejections), I(b.ToolCalls), L(b.Tokens)))]),
        ];
    }

    /// <summary>Writes json, md, html, csv (the table <paramref name="csvTable"/>) or xlsx (every table a sheet).</summary>
    public static async Task WriteAsync(MonitorReport report, string format, string csvTable, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var title = $"Claude Code telemetry ({report.Tool}, {report.GeneratedAt:yyyy-MM-dd HH:mm} UTC)";
        switch (format)
        {
            case "json":
                await JsonSerializer.SerializeAsync(output, report, AuditJson.Options, cancellationToken);
                await output.WriteAsync("\n"u8.ToArray(), cancellationToken);
                break;
            case "md":
                await output.WriteAsync(Encoding.UTF8.GetBytes(TableDocument.Markdown(title, Tables(report))), cancellationToken);
                break;
            case "html":
                await output.WriteAsync(Encoding.UTF8.GetBytes(MonitorDashboard.Html(report)), cancellationToken);
                break;
            case "csv":
                await CsvReportWriter.WriteTableAsync(Tables(report).FirstOrDefault(t => t.Name == csvTable)
                    ?? throw new ArgumentException($"unknown table '{csvTable}' ({string.Join(", ", TableNames)})", nameof(csvTable)), output, cancellationToken);
                break;
            case "xlsx":
                await XlsxReportWriter.WriteSheetsAsync([.. Tables(report).Select(t => (t.Name, t))], output, cancellationToken);
                break;
            default:
                throw new ArgumentException($"unknown format '{format}' ({string.Join(", ", Formats)})", nameof(format));
        }
    }

    private static IReadOnlyList<string> Row(params string[] cells) => cells;

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string L(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? T(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
