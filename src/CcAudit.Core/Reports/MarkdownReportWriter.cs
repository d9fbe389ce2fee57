using System.Globalization;
using System.Text;
using CcAudit.Core.Common;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Reports;

/// <summary>The audit document: the seven steps in order, which workflows stay approved, and what the scan could not see.</summary>
public sealed class MarkdownReportWriter : IReportWriter
{
    /// <summary>The activity tables a reader of the audit document needs; the rest are in CSV and XLSX.</summary>
    internal static readonly string[] ShownActivity = ["days", "directories", "commands", "files", "domains", "mcp", "permissions", "secrets", "anomalies"];

    /// <summary>Rows per activity table in documents; risky commands and sensitive files sort first, so the cut keeps them.</summary>
    internal const int ActivityRows = 50;

    public string Format => "md";

    public string Extension => ".md";

    public bool IsText => true;

    public async Task WriteAsync(AuditReport report, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        var inventory = report.Inventory;
        md.Append(CultureInfo.InvariantCulture, $"# Claude Code audit of {Esc(inventory.Machine.Hostname)}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Generated {report.GeneratedAt:yyyy-MM-dd HH:mm} UTC by {Esc(report.Tool)}, modelling Claude Code {Esc(inventory.ClaudeCodeVersion)}. ");
        md.Append(CultureInfo.InvariantCulture, $"{report.Findings.Count} finding(s), {report.Suppressed.Count} suppressed, {report.Diagnostics.Count} diagnostic(s).\n\n");
        md.Append("| step | verdict | critical | high | medium | low | info | notes |\n|---|---|---|---|---|---|---|---|\n");
        foreach (var step in report.Steps)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {(int)step.Step}. {step.Name} | **{step.Verdict}** | {step.Critical} | {step.High} | {step.Medium} | {step.Low} | {step.Info} | {Esc(step.Notes)} |\n");
        }

        md.Append("\n## What the scan could not see\n\n");
        if (report.Diagnostics.Count == 0)
        {
            md.Append("Every file found was read.\n");
        }

        foreach (var diagnostic in report.Diagnostics)
        {
            md.Append(CultureInfo.InvariantCulture, $"- `{diagnostic.Code}` {diagnostic.Severity.ToString().ToLowerInvariant()}: {Esc(diagnostic.Message)}{(diagnostic.Location is null ? string.Empty : " — " + Code(diagnostic.Location.ToString()))}\n");
        }

        Retention(md, report.Inventory);
        md.Append("\n## 1. Inventory\n\n| Claude home | found by | credentials | transcripts |\n|---|---|---|---|\n");
        foreach (var home in inventory.Homes)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {Code(home.ConfigDir)}{(home.Exists ? string.Empty : " (absent)")} | {Esc(home.Origin)} | {(home.CredentialsPresent ? "present, mode " + home.CredentialsMode : "none")} | {home.Transcripts} |\n");
        }

        md.Append(CultureInfo.InvariantCulture, $"\nManaged policy: {(inventory.Managed.Present ? $"present in {Code(inventory.Managed.Directory)} ({inventory.Managed.Composition})" : "**none**")}.\n\n");
        md.Append("| launch directory | home | trusted | mode | allow / ask / deny | hooks | MCP servers |\n|---|---|---|---|---|---|---|\n");
        foreach (var launch in inventory.LaunchDirectories)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {Code(launch.Path)} | {Code(launch.Home)} | {(launch.Trusted ? "yes" : "no")} | {Esc(launch.DefaultMode ?? "default")} | {launch.AllowRules} / {launch.AskRules} / {launch.DenyRules} | {launch.Hooks} | {launch.McpServers.Count} |\n");
        }

        Plugins(md, inventory);
        Findings(md, report, AuditStep.Inventory);
        md.Append("\n## 2. Permission drift\n");
        Findings(md, report, AuditStep.PermissionDrift);
        md.Append("\n## 3. MCP servers\n\n| server | scope | transport | command / URL | tokens | loads |\n|---|---|---|---|---|---|\n");
        foreach (var server in inventory.McpServers)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {Esc(server.Name)} | {server.Scope} | {Esc(server.Transport)} | {Code(server.Command ?? server.Url ?? string.Empty)} | {Esc(string.Join("; ", server.Tokens.Select(t => $"{t.Where} {t.Name}: {t.Value.Display}")))} | {Esc(server.LoadState ?? "everywhere")} |\n");
        }

        Findings(md, report, AuditStep.McpServers);
        md.Append("\n## 4. Reach to sensitive repositories\n");
        Findings(md, report, AuditStep.Reach);
        md.Append("\n## 5. Monitoring\n");
        Findings(md, report, AuditStep.Monitoring);
        md.Append("\n### What Claude Code did\n");
        foreach (var table in Activity.ActivityTables.All(report.Activity).Where(t => ShownActivity.Contains(t.Name) && t.Rows.Count > 0))
        {
            md.Append(CultureInfo.InvariantCulture, $"\n#### {Esc(table.Name)} ({table.Rows.Count})\n\n| {string.Join(" | ", table.Header.Select(Esc))} |\n|{string.Concat(table.Header.Select(_ => "---|"))}\n");
            foreach (var row in table.Rows.Take(ActivityRows))
            {
                md.Append("| ").Append(string.Join(" | ", row.Select(Esc))).Append(" |\n");
            }

            if (table.Rows.Count > ActivityRows)
            {
                md.Append(CultureInfo.InvariantCulture, $"\nFirst {ActivityRows} of {table.Rows.Count}; all of them: `--format csv --csv-table {ReportTables.ActivityPrefix}{table.Name}`.\n");
            }
        }
        md.Append("\n## 6. Red team\n\nNot assessed by this scan.\n");
        md.Append("\n## 7. Decisions\n\n");
        foreach (var step in report.Steps.Where(s => s.Step is not AuditStep.Document))
        {
            md.Append(CultureInfo.InvariantCulture, $"- **{step.Name}**: {step.Verdict}\n");
        }

        if (report.Suppressed.Count > 0)
        {
            md.Append("\nSuppressed findings (accepted risks):\n\n");
            foreach (var suppressed in report.Suppressed)
            {
                md.Append(CultureInfo.InvariantCulture, $"- `{suppressed.Finding.RuleId}` {Esc(suppressed.Finding.Message)} — {Esc(suppressed.Reason)}{(suppressed.Expires is { } e ? $" (until {e:yyyy-MM-dd})" : string.Empty)}\n");
            }
        }

        await output.WriteAsync(Encoding.UTF8.GetBytes(md.ToString()), cancellationToken);
    }

    /// <summary>Plugins and mods other than the built-in bundle, then the bundle in one line: the bundle is the same on every
    /// machine.</summary>
    private static void Plugins(StringBuilder md, Discovery.Inventory inventory)
    {
        var plugins = inventory.Plugins.Where(p => p.Origin != "builtin").ToList();
        md.Append(CultureInfo.InvariantCulture, $"\n### Plugins and mods ({plugins.Count})\n\n");
        if (plugins.Count > 0)
        {
            md.Append("| plugin | origin | marketplace | brings | enabled by |\n|---|---|---|---|---|\n");
        }

        foreach (var p in plugins)
        {
            var enabled = p.EnabledBy.Count == 0 ? "no settings file" : string.Join("<br>",
                p.EnabledBy.Select(e => $"{(e.Enabled ? "on" : "off")} {e.Tier} {Code($"{e.File}:{e.Line}")}"));
            md.Append(CultureInfo.InvariantCulture,
                $"| {Code(p.Id)} | {Esc(p.Origin)} | {Esc(p.MarketplaceSource ?? "not known")}" +
                $"{(p.Official == false ? " (unofficial)" : string.Empty)} | " +
                $"{Esc(p.Components.Summary())} | {enabled} |\n");
        }

        var builtins = inventory.Plugins.Where(p => p.Origin == "builtin").ToList();
        if (builtins.Count > 0)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"\nBuilt into the binary ({builtins.Count}): {Esc(string.Join(", ", builtins.Select(Builtin)))}.\n");
        }
    }

    /// <summary>Per home, how far back the transcripts reach and which sessions' evidence the retention sweep removed.</summary>
    private static void Retention(StringBuilder md, Discovery.Inventory inventory)
    {
        foreach (var home in inventory.Homes.Where(h => h.Retention is not null))
        {
            var r = home.Retention!;
            var setBy = r.File is null ? "default" : $"{r.Tier}, {Code(r.File)}";
            var last = r.LastCleanup is { } at
                ? $"last sweep {at:yyyy-MM-dd}, sessions last written before {r.SweptBefore:yyyy-MM-dd} deleted"
                : "no sweep recorded";
            var oldest = r.OldestTranscript is { } o ? $"oldest transcript {o:yyyy-MM-dd}" : "no transcript";
            md.Append(CultureInfo.InvariantCulture,
                $"- Retention in {Code(home.ConfigDir)}: cleanupPeriodDays {r.CleanupPeriodDays} ({setBy}); {last}; {oldest}; ");
            md.Append(CultureInfo.InvariantCulture, $"{r.Orphans.Count} session(s) whose transcript is gone\n");
            foreach (var orphan in r.Orphans.Take(ActivityRows))
            {
                md.Append(CultureInfo.InvariantCulture,
                    $"  - `{Esc(orphan.Session)}`: {Esc(string.Join(", ", orphan.Kinds))} left " +
                    $"({orphan.Files} file(s), last written {orphan.LastWrite:yyyy-MM-dd})\n");
            }
        }
    }

    private static string Builtin(Discovery.PluginReport b) => b.Name + (b.Components.Modules.Count > 0 ? " (hooks module)" : string.Empty);

    private static void Findings(StringBuilder md, AuditReport report, AuditStep step)
    {
        var findings = report.Findings.Where(f => f.Step == step).ToList();
        md.Append(findings.Count == 0 ? "\nNo findings.\n" : "\n| severity | rule | finding | where |\n|---|---|---|---|\n");
        foreach (var finding in findings)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {SeverityText.Of(finding.Severity)} | [{finding.RuleId}]({report.Rules.FirstOrDefault(r => r.Id == finding.RuleId)?.HelpUri}) {Esc(finding.Title)} | {Esc(finding.Message)} | {Where(finding)} |\n");
        }
    }

    /// <summary>The primary location, then each related location with what it is there.</summary>
    private static string Where(Finding finding) => string.Join("<br>",
        new[] { finding.Location is null ? null : Code(finding.Location.ToString()) }
            .Concat(finding.Related.Select(r => $"{Code(r.Location.ToString())} ({Esc(r.Message)})")).OfType<string>());

    private static string Esc(string text) => MarkdownText.Escape(text);

    private static string Code(string text) => MarkdownText.Code(text);
}
