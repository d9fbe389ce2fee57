using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Reports;

/// <summary>
/// A single self-contained HTML file: no external requests (Content-Security-Policy <c>default-src 'none'</c>; the two
/// scripts allowed by hash), charts from the vendored Chart.js, and every string from a config file or server HTML-encoded.
/// </summary>
public sealed class HtmlReportWriter : IReportWriter
{
    private const string InitScript = """
        (function () {
          var data = JSON.parse(document.getElementById('ccaudit-data').textContent);
          var colors = ['#7f1d1d', '#dc2626', '#f59e0b', '#3b82f6', '#9ca3af'];
          new Chart(document.getElementById('by-severity'), { type: 'bar', data: { labels: data.severities, datasets: [{ label: 'findings', data: data.severityCounts, backgroundColor: colors }] }, options: { animation: false, plugins: { legend: { display: false } } } });
          new Chart(document.getElementById('by-step'), { type: 'doughnut', data: { labels: data.steps, datasets: [{ data: data.stepCounts }] }, options: { animation: false } });
        })();
        """;

    private static readonly Lazy<string> ChartJs = new(() =>
    {
        using var stream = typeof(HtmlReportWriter).Assembly.GetManifestResourceStream("ccaudit.chart.js") ?? throw new InvalidOperationException("Chart.js is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public string Format => "html";

    public string Extension => ".html";

    public bool IsText => true;

    public async Task WriteAsync(AuditReport report, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var severities = Enum.GetValues<Severity>().Reverse().ToList();
        var data = JsonSerializer.Serialize(new
        {
            severities = severities.Select(SeverityText.Of),
            severityCounts = severities.Select(s => report.Findings.Count(f => f.Severity == s)),
            steps = report.Steps.Select(s => s.Name),
            stepCounts = report.Steps.Select(s => report.Findings.Count(f => f.Step == s.Step)),
        });
        var csp = $"default-src 'none'; script-src {Hash(ChartJs.Value)} {Hash(InitScript)}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append(CultureInfo.InvariantCulture, $"<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">");
        html.Append(CultureInfo.InvariantCulture, $"<title>Claude Code audit of {E(report.Inventory.Machine.Hostname)}</title><style>{Style}</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<header><h1>Claude Code audit of {E(report.Inventory.Machine.Hostname)}</h1><p>{report.GeneratedAt:yyyy-MM-dd HH:mm} UTC · {E(report.Tool)} · models Claude Code {E(report.Inventory.ClaudeCodeVersion)} · {report.Findings.Count} findings · {report.Diagnostics.Count} diagnostics</p></header>");
        html.Append("<section><h2>Verdict by audit step</h2><table><tr><th>step</th><th>verdict</th><th>critical</th><th>high</th><th>medium</th><th>low</th><th>notes</th></tr>");
        foreach (var step in report.Steps)
        {
            var css = step.Verdict == AuditReportBuilder.StaysApproved ? "ok" : step.Verdict == AuditReportBuilder.NeedsTighterControls ? "bad" : "unknown";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{(int)step.Step}. {E(step.Name)}</td><td class=\"{css}\">{E(step.Verdict)}</td><td>{step.Critical}</td><td>{step.High}</td><td>{step.Medium}</td><td>{step.Low}</td><td>{E(step.Notes)}</td></tr>");
        }

        html.Append("</table></section><section class=\"charts\"><div><h3>Findings by severity</h3><canvas id=\"by-severity\" width=\"420\" height=\"240\"></canvas></div><div><h3>Findings by step</h3><canvas id=\"by-step\" width=\"320\" height=\"240\"></canvas></div></section>");
        html.Append("<section><h2>Findings</h2><table><tr><th>severity</th><th>rule</th><th>finding</th><th>where</th></tr>");
        foreach (var finding in report.Findings)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"sev {SeverityText.Of(finding.Severity)}\">{SeverityText.Of(finding.Severity)}</td><td><b>{E(finding.RuleId)}</b> {E(finding.Title)}</td><td>{E(finding.Message)}</td><td><code>{E(finding.Location?.ToString() ?? string.Empty)}</code></td></tr>");
        }

        html.Append("</table></section><section><h2>MCP servers</h2><table><tr><th>name</th><th>scope</th><th>transport</th><th>command / URL</th><th>tokens held</th><th>loads</th></tr>");
        foreach (var server in report.Inventory.McpServers)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(server.Name)}</td><td>{E(server.Scope)}</td><td>{E(server.Transport)}</td><td><code>{E(server.Command ?? server.Url ?? string.Empty)}</code></td><td>{E(string.Join("; ", server.Tokens.Select(t => $"{t.Where} {t.Name}: {t.Value}")))}</td><td>{E(server.LoadState ?? "everywhere")}</td></tr>");
        }

        html.Append("</table></section><section><h2>Plugins and mods</h2><table>");
        html.Append("<tr><th>plugin</th><th>origin</th><th>marketplace</th><th>brings</th><th>enabled by</th></tr>");
        foreach (var p in report.Inventory.Plugins)
        {
            var enabled = string.Join("; ", p.EnabledBy.Select(e => $"{(e.Enabled ? "on" : "off")} {e.Tier} {e.File}:{e.Line}"));
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td><code>{E(p.Id)}</code></td><td>{E(p.Origin)}</td>" +
                $"<td>{E(p.MarketplaceSource ?? "not known")}{Unofficial(p)}</td>" +
                $"<td>{E(p.Components.Summary())}</td><td>{E(enabled)}</td></tr>");
        }

        html.Append("</table></section><section><h2>Launch directories</h2><table><tr><th>directory</th><th>home</th><th>trusted</th><th>mode</th><th>allow / ask / deny</th><th>hooks</th></tr>");
        foreach (var launch in report.Inventory.LaunchDirectories)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><code>{E(launch.Path)}</code></td><td><code>{E(launch.Home)}</code></td><td>{(launch.Trusted ? "yes" : "no")}</td><td>{E(launch.DefaultMode ?? "default")}</td><td>{launch.AllowRules} / {launch.AskRules} / {launch.DenyRules}</td><td>{launch.Hooks}</td></tr>");
        }

        html.Append("</table></section><section><h2>What Claude Code did</h2>");
        foreach (var table in Activity.ActivityTables.All(report.Activity).Where(t => MarkdownReportWriter.ShownActivity.Contains(t.Name) && t.Rows.Count > 0))
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>{E(table.Name)} ({table.Rows.Count})</h3><table><tr>{string.Concat(table.Header.Select(h => $"<th>{E(h)}</th>"))}</tr>");
            foreach (var row in table.Rows.Take(MarkdownReportWriter.ActivityRows))
            {
                html.Append("<tr>").Append(string.Concat(row.Select(v => $"<td>{E(v)}</td>"))).Append("</tr>");
            }

            html.Append("</table>");
        }

        html.Append("</section><section><h2>What the scan could not see</h2><ul>");
        foreach (var diagnostic in report.Diagnostics)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li><b>{E(diagnostic.Code)}</b> {E(diagnostic.Message)} <code>{E(diagnostic.Location?.ToString() ?? string.Empty)}</code></li>");
        }

        html.Append(report.Diagnostics.Count == 0 ? "<li>Every file found was read.</li>" : string.Empty);
        html.Append("</ul></section>");

        // JSON is inert as type application/json, and the default encoder escapes '<', so "</script>" cannot close the block.
        html.Append(CultureInfo.InvariantCulture, $"<script type=\"application/json\" id=\"ccaudit-data\">{data}</script>");
        html.Append(CultureInfo.InvariantCulture, $"<script>{ChartJs.Value}</script><script>{InitScript}</script></body></html>\n");
        await output.WriteAsync(Encoding.UTF8.GetBytes(html.ToString()), cancellationToken);
    }

    private static string E(string text) => WebUtility.HtmlEncode(InvisibleMarkers(text));

    /// <summary>Invisible and bidi characters are shown as markers so they cannot reorder or hide text in the page.</summary>
    private static string InvisibleMarkers(string text) => Mcp.Checks.InvisibleText.Scan(text).Visible;

    private static string Hash(string script) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)))}'";

    private const string Style = "body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#111827;background:#f9fafb}header{background:#111827;color:#f9fafb;padding:16px 24px}header h1{margin:0 0 4px;font-size:22px}section{margin:16px 24px;background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:12px 16px}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e5e7eb;padding:6px 8px;text-align:left;vertical-align:top}th{background:#f3f4f6}code{font-size:12px;word-break:break-all}.ok{color:#047857;font-weight:600}.bad{color:#b91c1c;font-weight:600}.unknown{color:#6b7280}.charts{display:flex;gap:32px}.sev{font-weight:600}.critical{color:#7f1d1d}.high{color:#dc2626}.medium{color:#b45309}.low{color:#1d4ed8}.info{color:#6b7280}";

    private static string Unofficial(Discovery.PluginReport plugin) => plugin.Official == false ? " (unofficial)" : string.Empty;
}
