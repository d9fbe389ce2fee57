using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Reports;

/// <summary>
/// The one report model every writer renders (JSON, SARIF, Markdown, HTML, CSV, XLSX, console). Immutable, ordered
/// deterministically, and free of secret values: credentials appear only in redacted form.
/// </summary>
public sealed record AuditReport(
    int SchemaVersion,
    string Tool,
    DateTimeOffset GeneratedAt,
    Inventory Inventory,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<SuppressedFinding> Suppressed,
    IReadOnlyList<RuleMetadata> Rules,
    IReadOnlyList<PermissionRuleRow> PermissionRules,
    IReadOnlyList<SettingRow> Settings,
    Activity.ActivitySummary Activity,
    IReadOnlyList<StepSummary> Steps,
    IReadOnlyList<Diagnostic> Diagnostics,
    IReadOnlyList<HookRow>? Hooks = null,
    IReadOnlyList<McpToolPinRow>? McpPins = null)
{
    public const int CurrentSchemaVersion = 1;
}

/// <summary>One permission rule where it stands, for the spreadsheet and the drift section.</summary>
public sealed record PermissionRuleRow(string LaunchDirectory, string List, string Rule, string Tier, string File, int Line, int Column, bool Applied, string? IgnoredBecause);

/// <summary>One effective setting of a launch directory (env values redacted), for drift and the audit trail.</summary>
public sealed record SettingRow(string LaunchDirectory, string Path, string Value, string Tier, string File, int Line);

/// <summary>
/// One hook handler where it stands, so drift can say which hook changed rather than how many. Null in snapshots
/// saved before hooks were recorded; drift then falls back to comparing counts.
/// </summary>
public sealed record HookRow(string Event, string? Matcher, string Type, string? Command, string Tier, string File, int Line);

/// <summary>
/// One tool as this audit's live MCP inspection saw it (<c>--connect-mcp</c>), so drift can show a tool changing between
/// two audits; the pin store keeps only the accepted and latest state. Null when the audit did not connect.
/// </summary>
/// <param name="Server">The server's pin key (scope, project, name).</param>
/// <param name="Tool">The tool name.</param>
/// <param name="Hash">SHA-256 of name, description and input schema, as pinned.</param>
public sealed record McpToolPinRow(string Server, string Tool, string Hash);

/// <summary>A finding a suppression hid, with the suppression's reason and expiry.</summary>
public sealed record SuppressedFinding(Finding Finding, string Reason, DateOnly? Expires, string SuppressionSource)
{
    /// <summary>The suppression lives in the audited repository itself (its <c>.ccaudit.yml</c>): the repository vouches for its own risk.</summary>
    public bool ByRepository { get; init; }
}

/// <summary>
/// One audit step's verdict: <c>stays approved</c> (nothing at medium or above), <c>needs tighter controls</c>, or
/// <c>could not be assessed</c> (nothing was found to assess, or the scan was blind there).
/// </summary>
public sealed record StepSummary(AuditStep Step, string Name, string Verdict, int Critical, int High, int Medium, int Low, int Info, string Notes);
