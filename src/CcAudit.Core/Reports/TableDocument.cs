using System.Globalization;
using System.Text;
using CcAudit.Core.Common;

namespace CcAudit.Core.Reports;

/// <summary>Renders plain tables as Markdown or a self-contained HTML page (strict CSP, everything encoded); used by the fleet report.</summary>
public static class TableDocument
{
    public static string Markdown(string title, IEnumerable<ReportTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        // Titles and headers are ccaudit's own text; only cells carry data from scanned files.
        var md = new StringBuilder().Append("# ").Append(title).Append("\n\n");
        foreach (var table in tables)
        {
            md.Append(CultureInfo.InvariantCulture, $"## {table.Name} ({table.Rows.Count})\n\n| {string.Join(" | ", table.Header)} |\n|{string.Concat(table.Header.Select(_ => "---|"))}\n");
            foreach (var row in table.Rows)
            {
                md.Append("| ").Append(string.Join(" | ", row.Select(MarkdownText.Escape))).Append(" |\n");
            }

            md.Append('\n');
        }

        return md.ToString();
    }

    public static string Html(string title, IEnumerable<ReportTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var html = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
        html.Append(CultureInfo.InvariantCulture, $"<title>{HtmlText.Escape(title)}</title><style>body{{font:14px system-ui,sans-serif;margin:24px}}table{{border-collapse:collapse;margin-bottom:24px}}td,th{{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}}th{{background:#f3f4f6}}</style></head><body><h1>{HtmlText.Escape(title)}</h1>");
        foreach (var table in tables)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>{HtmlText.Escape(table.Name)} ({table.Rows.Count})</h2><table><tr>{string.Concat(table.Header.Select(h => $"<th>{HtmlText.Escape(h)}</th>"))}</tr>");
            foreach (var row in table.Rows)
            {
                html.Append("<tr>").Append(string.Concat(row.Select(v => $"<td>{HtmlText.Escape(Mcp.Checks.InvisibleText.Scan(v).Visible)}</td>"))).Append("</tr>");
            }

            html.Append("</table>");
        }

        return html.Append("</body></html>\n").ToString();
    }
}
