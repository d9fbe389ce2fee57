using System.Globalization;
using System.Text;
using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Reports;

namespace CcAudit.Core.Activity;

/// <summary>What <c>ccaudit activity</c> writes: the activity of the homes read, the scope asked for, and what could not be read.</summary>
public sealed record ActivityReport(
    int SchemaVersion,
    string Tool,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<string> Homes,
    DateOnly? Since,
    DateOnly? Until,
    string? Project,
    ActivitySummary Activity,
    IReadOnlyList<Diagnostic> Diagnostics)
{
    public const int CurrentSchemaVersion = 1;

    /// <summary>
    /// With <c>activity --telemetry-store</c>: each session as its transcripts and the telemetry store tell it. Absent
    /// (not null) in JSON without the option, so the report's shape is unchanged for everyone else.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SessionAgreement>? Telemetry { get; init; }
}

/// <summary>
/// The activity as flat tables: one source for CSV, the XLSX sheets, Markdown and HTML (through <see cref="TableDocument"/>,
/// which encodes every cell under a strict CSP), and the activity tables of the scan report.
/// </summary>
public static class ActivityTables
{
    public const string Days = "days";
    public const string Directories = "directories";
    public const string Commands = "commands";

    public static IReadOnlyList<string> Names { get; } =
        [Days, Directories, "entry-points", "versions", "models", "tools", Commands, "files", "domains", "mcp", "permissions", "secrets", "baselines", "anomalies", "history", "live-sessions", "mcp-logs", "mcp-log-secrets", "unknown-records", "unknown-fields"];

    public static IReadOnlyList<ReportTable> All(ActivitySummary activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var p = activity.Permissions;
        return
        [
            new(Days, ["date", "sessions", "prompts", "tool calls", "input tokens", "output tokens", "cache read tokens", "cache creation tokens", "cost usd"],
                [.. activity.Days.Select(d => Row(d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), I(d.Sessions), I(d.Prompts), I(d.ToolCalls), L(d.Tokens.Input), L(d.Tokens.Output), L(d.Tokens.CacheRead), L(d.Tokens.CacheCreation), D(d.CostUsd)))]),
            new(Directories, ["launch directory", "sessions", "prompts", "tool calls", "denials", "input tokens", "output tokens", "cache read tokens", "cache creation tokens", "cost usd", "first", "last"],
                [.. activity.LaunchDirectories.Select(d => Row(d.Directory, I(d.Sessions), I(d.Prompts), I(d.ToolCalls), I(d.Denials), L(d.Tokens.Input), L(d.Tokens.Output), L(d.Tokens.CacheRead), L(d.Tokens.CacheCreation), D(d.CostUsd), T(d.FirstActivity), T(d.LastActivity)))]),
            new("entry-points", ["entry point", "sessions"], [.. activity.EntryPoints.Select(e => Row(e.Name, I(e.Count)))]),
            new("versions", ["version", "sessions"], [.. activity.Versions.Select(e => Row(e.Name, I(e.Count)))]),
            new("models", ["model", "messages", "input tokens", "output tokens", "cache read tokens", "cache creation tokens"],
                [.. activity.Models.Select(m => Row(m.Model, I(m.Messages), L(m.Tokens.Input), L(m.Tokens.Output), L(m.Tokens.CacheRead), L(m.Tokens.CacheCreation)))]),
            new("tools", ["tool", "calls"], [.. activity.ToolCallsByTool.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).Select(t => Row(t.Key, I(t.Value)))]),
            new(Commands, ["command", "categories", "hosts", "count", "blocked", "sessions", "launch directory", "first seen"],
                [.. activity.Commands.Select(c => Row(c.Command, string.Join(' ', c.Categories), string.Join(' ', c.Hosts), I(c.Count), I(c.Blocked), I(c.Sessions), c.LaunchDirectory, T(c.FirstSeen)))]),
            new("files", ["path", "reads", "writes", "in file history", "sensitive"],
                [.. activity.Files.Select(f => Row(f.Path, I(f.Reads), I(f.Writes), f.InFileHistory ? "yes" : "no", f.Sensitive ?? string.Empty))]),
            new("domains", ["tool", "domain", "calls"], [.. activity.Domains.Select(d => Row(d.Tool, d.Domain, I(d.Count)))]),
            new("mcp", ["server", "tool", "calls"], [.. activity.McpCalls.Select(m => Row(m.Server, m.Tool, I(m.Count)))]),
            new("permissions", ["evidence", "count"],
            [
                Row("allowed by rule", I(p.AllowedByRule)), Row("allowed by mode", I(p.AllowedByMode)), Row("allowed by classifier (auto mode)", I(p.AllowedByClassifier)),
                Row("allowed by hook", I(p.AllowedByHook)), Row("allowed by a person", I(p.AllowedByPerson)), Row("denied by rule", I(p.DeniedByRule)),
                Row("denied by hook", I(p.DeniedByHook)), Row("asked, no one to approve (auto-rejected)", I(p.AskedNoApprover)), Row("rejected by a person", I(p.RejectedByPerson)), Row("interrupted", I(p.Interrupted)),
                Row("prompts (decisions by a person)", I(p.Prompts)), Row("session hours", D(p.SessionHours)), Row("prompts per session-hour", D(p.PromptsPerSessionHour)),
                Row("share of prompts approved", D(p.ShareApproved)), .. p.SessionsByMode.Select(m => Row($"sessions in mode {m.Name}", I(m.Count))),
            ]),
            new("secrets", ["kind", "secret (redacted)", "fingerprint", "tool", "occurrences", "sessions"],
                [.. activity.SecretsInToolResults.Select(s => Row(s.Kind, s.Redacted, s.Fingerprint, s.Tool, I(s.Occurrences), I(s.Sessions)))]),
            new("baselines", ["launch directory", "week", "sessions", "tool calls", "approvals", "denials", "tokens"],
                [.. activity.Baselines.Select(b => Row(b.LaunchDirectory, b.Week, I(b.Sessions), I(b.ToolCalls), I(b.Approvals), I(b.Denials), L(b.Tokens)))]),
            new("anomalies", ["kind", "launch directory", "when", "subject", "message"],
                [.. activity.Anomalies.Select(a => Row(a.Kind, a.LaunchDirectory, a.When, a.Subject, a.Message))]),
            new("history", ["project", "prompts typed", "first", "last"], [.. activity.History.Select(h => Row(h.Project, I(h.Prompts), T(h.FirstPrompt), T(h.LastPrompt)))]),
            new("live-sessions", ["cwd", "session id", "pid", "kind", "entrypoint", "version", "status", "started"],
                [.. activity.LiveSessions.Select(s => Row(s.Cwd, s.SessionId, s.Pid, s.Kind ?? string.Empty, s.Entrypoint ?? string.Empty, s.Version ?? string.Empty, s.Status ?? string.Empty, T(s.StartedAt)))]),
            new("mcp-logs", ["server", "log files", "error lines", "secrets", "first", "last"],
                [.. activity.McpLogs.Select(m => Row(m.Server, I(m.Files), I(m.ErrorLines), I(m.Secrets.Sum(s => s.Occurrences)), T(m.FirstLog), T(m.LastLog)))]),
            new("mcp-log-secrets", ["server", "kind", "secret (redacted)", "fingerprint", "occurrences"],
                [.. activity.McpLogs.SelectMany(m => m.Secrets.Select(s => Row(m.Server, s.Kind, s.Redacted, s.Fingerprint, I(s.Occurrences))))]),
            new("unknown-records", ["record type", "lines"], [.. activity.UnknownRecordTypes.Select(u => Row(u.Name, I(u.Count)))]),
            new("unknown-fields", ["record type.field", "lines"], [.. activity.UnknownFields.Select(u => Row(u.Name, I(u.Count)))]),
        ];
    }

    public static ReportTable Get(ActivitySummary activity, string name) =>
        All(activity).FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"unknown activity table '{name}' ({string.Join(", ", Names)})", nameof(name));

    /// <summary>Every format of the activity report; the CLI adds its console writer in front.</summary>
    public static FormatRegistry<ActivityReport> Formats { get; } = new("activity",
    [
        ReportFormat<ActivityReport>.Json(r => r),
        ReportFormat<ActivityReport>.Text("md", ".md", (r, _) => TableDocument.Markdown(Title(r), Document(r))),
        ReportFormat<ActivityReport>.Text("html", ".html", (r, _) => TableDocument.Html(Title(r), Document(r))),
        new("csv", ".csv", false, (r, request, output, cancellationToken) =>
            CsvReportWriter.WriteTableAsync(Get(r.Activity, request.Table ?? Days), output, cancellationToken)),
        new("xlsx", ".xlsx", true, (r, _, output, cancellationToken) =>
            XlsxReportWriter.WriteSheetsAsync([.. Document(r).Select(t => (t.Name, t))], output, cancellationToken)),
    ], Names);

    /// <summary>Writes <paramref name="report"/> in a registered format (json, md, html, csv of one table, xlsx).</summary>
    public static Task WriteAsync(ActivityReport report, string format, string csvTable, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var chosen = Formats.Find(format) ?? throw new ArgumentException($"unknown activity format '{format}'", nameof(format));
        return chosen.Write(report, new FormatRequest(csvTable), output, cancellationToken);
    }

    private static string Title(ActivityReport report) => $"Claude Code activity ({report.Tool}, {report.GeneratedAt:yyyy-MM-dd HH:mm} UTC)";

    private static List<ReportTable> Document(ActivityReport report) =>
        [
            Totals(report), .. All(report.Activity),
            .. report.Telemetry is { } joined ? [TelemetryTable(joined)] : Array.Empty<ReportTable>(),
            DiagnosticsTable(report),
        ];

    /// <summary>The <c>telemetry</c> table: transcripts and the telemetry store side by side, one row per session.</summary>
    public static ReportTable TelemetryTable(IReadOnlyList<SessionAgreement> sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        return new ReportTable("telemetry",
            ["session", "seen", "agree", "tool calls (transcript / telemetry)", "refused (transcript / telemetry)",
                "commands only in transcript", "commands only in telemetry", "input tokens (transcript / telemetry)",
                "output tokens (transcript / telemetry)", "prompts (transcript / telemetry)"],
            [.. sessions.Select(s => Row(s.Session, s.Seen, s.Agree ? "yes" : "no", $"{I(s.TranscriptCalls)} / {I(s.TelemetryCalls)}",
                $"{I(s.TranscriptRefused)} / {I(s.TelemetryRefused)}",
                string.Join("; ", s.CommandsOnlyInTranscript), string.Join("; ", s.CommandsOnlyInTelemetry),
                $"{L(s.TranscriptInputTokens)} / {L(s.TelemetryInputTokens)}",
                $"{L(s.TranscriptOutputTokens)} / {L(s.TelemetryOutputTokens)}",
                $"{I(s.TranscriptPrompts)} / {I(s.TelemetryPrompts)}"))]);
    }

    /// <summary>The headline figures, one per row.</summary>
    public static ReportTable Totals(ActivityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var a = report.Activity;
        return new ReportTable("totals", ["figure", "value"],
        [
            Row("homes", string.Join(" ", report.Homes)), Row("period", $"{report.Since?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "start"} to {report.Until?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "end"}"),
            Row("project", report.Project ?? "all"), Row("transcripts", I(a.Transcripts)), Row("sessions", I(a.Sessions)), Row("prompts", I(a.Prompts)), Row("tool calls", I(a.ToolCalls)),
            Row("denials", I(a.Denials)), Row("bypass sessions", I(a.BypassSessions)), Row("input tokens", L(a.InputTokens)), Row("output tokens", L(a.OutputTokens)),
            Row("cache read tokens", L(a.CacheReadTokens)), Row("cache creation tokens", L(a.CacheCreationTokens)), Row("cost usd", D(a.CostUsd)),
            Row("first activity", T(a.FirstActivity)), Row("last activity", T(a.LastActivity)),
        ]);
    }

    private static ReportTable DiagnosticsTable(ActivityReport report) =>
        new("diagnostics", ["code", "severity", "message", "where"],
            [.. report.Diagnostics.Select(d => Row(d.Code, d.Severity.ToString().ToLowerInvariant(), d.Message, d.Location?.ToString() ?? string.Empty))]);

    private static IReadOnlyList<string> Row(params string[] cells) => cells;

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string L(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string D(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string T(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? string.Empty;
}
