using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Monitoring;

/// <summary>
/// The monitoring dashboard: weekly baseline charts (vendored Chart.js), the anomaly list and the decisions table, in one
/// self-contained page. No external requests: the CSP is <c>default-src 'none'</c> with the two scripts allowed by hash;
/// every value is HTML-encoded, and the chart data travels as inert JSON. <c>monitor serve</c> serves it at <c>/</c>
/// with the same policy as a header.
/// </summary>
public static class MonitorDashboard
{
    private const string InitScript = """
        (function () {
          var data = JSON.parse(document.getElementById('ccaudit-monitor-data').textContent);
          var opts = { animation: false, responsive: false, scales: { y: { beginAtZero: true } } };
          new Chart(document.getElementById('weekly-decisions'), { type: 'bar', data: { labels: data.weeks, datasets: [
            { label: 'approvals by a person', data: data.approvals, backgroundColor: '#3b82f6' },
            { label: 'rejections', data: data.rejections, backgroundColor: '#dc2626' },
            { label: 'tool calls', data: data.calls, backgroundColor: '#9ca3af' }] }, options: opts });
          new Chart(document.getElementById('weekly-sessions'), { type: 'line', data: { labels: data.weeks, datasets: data.teams.map(function (t) {
            return { label: t.name, data: t.sessions, fill: false }; }) }, options: opts });
        })();
        """;

    private const string Style = "body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#111827;background:#f9fafb}header{background:#111827;color:#f9fafb;padding:16px 24px}"
        + "header h1{margin:0 0 4px;font-size:22px}section{margin:16px 24px;background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:12px 16px}"
        + "table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e5e7eb;padding:6px 8px;text-align:left;vertical-align:top}th{background:#f3f4f6}"
        + "code{font-size:12px;word-break:break-all}.charts{display:flex;gap:32px;flex-wrap:wrap}.sev{font-weight:600}.critical{color:#7f1d1d}.high{color:#dc2626}"
        + ".medium{color:#b45309}.low{color:#1d4ed8}.info{color:#6b7280}.reject{color:#b91c1c;font-weight:600}";

    private static readonly Lazy<string> ChartJs = new(() =>
    {
        using var stream = typeof(MonitorDashboard).Assembly.GetManifestResourceStream("ccaudit.chart.js") ?? throw new InvalidOperationException("Chart.js is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The page's Content-Security-Policy (its meta tag).</summary>
    public static string ContentSecurityPolicy =>
        $"default-src 'none'; script-src {Hash(ChartJs.Value)} {Hash(InitScript)}; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

    /// <summary>What the server sends as a header: the same, plus frame-ancestors (which only a header can carry).</summary>
    public static string HeaderPolicy => ContentSecurityPolicy + "; frame-ancestors 'none'";

    public static string Html(MonitorReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append(CultureInfo.InvariantCulture, $"<meta http-equiv=\"Content-Security-Policy\" content=\"{ContentSecurityPolicy}\">");
        html.Append(CultureInfo.InvariantCulture, $"<title>Claude Code monitoring</title><style>{Style}</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<header><h1>Claude Code monitoring</h1><p>{report.GeneratedAt:yyyy-MM-dd HH:mm} UTC · {E(report.Tool)} · {report.Events} events · "
            + $"{report.Sessions.Count} sessions · {report.Findings.Count} findings</p></header>");
        html.Append("<section class=\"charts\"><div><h3>Tool decisions per week</h3><canvas id=\"weekly-decisions\" width=\"560\" height=\"260\"></canvas></div>");
        html.Append("<div><h3>Sessions per week by team</h3><canvas id=\"weekly-sessions\" width=\"560\" height=\"260\"></canvas></div></section>");
        html.Append("<section><h2>Anomalies and evidence</h2><table id=\"anomalies\"><tr><th>severity</th><th>rule</th><th>finding</th></tr>");
        foreach (var f in report.Findings)
        {
            var severity = SeverityText.Of(f.Severity);
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"sev {severity}\">{severity}</td><td><b>{E(f.RuleId)}</b> {E(f.Title)}</td><td>{E(f.Message)}</td></tr>");
        }

        html.Append(report.Findings.Count == 0 ? "<tr><td colspan=\"3\">No anomalies in this period.</td></tr>" : string.Empty);
        html.Append("</table></section><section><h2>Tool decisions</h2><table id=\"decisions\"><tr><th>tool</th><th>command or path</th><th>decision</th><th>source</th>"
            + "<th>calls</th><th>ran</th><th>sessions</th><th>categories</th></tr>");
        foreach (var d in report.Decisions)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(d.Tool)}</td><td><code>{E(d.Command)}</code></td><td class=\"{(d.Decision == "reject" ? "reject" : string.Empty)}\">{E(d.Decision)}</td>"
                + $"<td>{E(d.Source)}</td><td>{d.Count}</td><td>{d.Ran}</td><td>{d.Sessions}</td><td>{E(d.Categories)}</td></tr>");
        }

        html.Append("</table></section>");
        foreach (var table in MonitorReportWriter.Tables(report).Where(t => t.Name is "sessions" or "groups"))
        {
            html.Append(CultureInfo.InvariantCulture, $"<section><h2>{E(table.Name)} ({table.Rows.Count})</h2><table><tr>{string.Concat(table.Header.Select(h => $"<th>{E(h)}</th>"))}</tr>");
            foreach (var row in table.Rows)
            {
                html.Append("<tr>").Append(string.Concat(row.Select(v => $"<td>{E(v)}</td>"))).Append("</tr>");
            }

            html.Append("</table></section>");
        }

        // JSON is inert as type application/json, and the default encoder escapes '<', so "</script>" cannot close the block.
        html.Append(CultureInfo.InvariantCulture, $"<script type=\"application/json\" id=\"ccaudit-monitor-data\">{ChartData(report)}</script>");
        html.Append(CultureInfo.InvariantCulture, $"<script>{ChartJs.Value}</script><script>{InitScript}</script></body></html>\n");
        return html.ToString();
    }

    private static string ChartData(MonitorReport report)
    {
        var teams = report.Baselines.Where(b => b.Dimension == "team").ToList();
        var weeks = teams.Select(b => b.Week).Distinct().Order(StringComparer.Ordinal).ToList();
        int Sum(Func<MonitorWeek, int> pick, string week) => teams.Where(b => b.Week == week).Sum(pick);
        return JsonSerializer.Serialize(new
        {
            weeks,
            approvals = weeks.Select(w => Sum(b => b.Approvals, w)),
            rejections = weeks.Select(w => Sum(b => b.Rejections, w)),
            calls = weeks.Select(w => Sum(b => b.ToolCalls, w)),
            teams = teams.GroupBy(b => b.Value, StringComparer.Ordinal).Select(g => new { name = g.Key, sessions = weeks.Select(w => g.Where(b => b.Week == w).Sum(b => b.Sessions)) }),
        });
    }

    private static string E(string text) => WebUtility.HtmlEncode(Mcp.Checks.InvisibleText.Scan(text).Visible);

    private static string Hash(string script) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)))}'";
}
