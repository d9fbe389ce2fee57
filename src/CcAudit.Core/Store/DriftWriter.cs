using System.Globalization;
using System.Text;
using System.Text.Json;
using CcAudit.Core.Common;

namespace CcAudit.Core.Store;

/// <summary>Renders a drift report as text, JSON, Markdown or HTML (everything from configs escaped).</summary>
public static class DriftWriter
{
    /// <summary>Every format of the drift report; its console view is plain text, so it is registered here.</summary>
    public static FormatRegistry<DriftReport> Registry { get; } = new("drift",
    [
        ReportFormat<DriftReport>.Text("console", ".txt", (d, _) => Render(d, "console")),
        ReportFormat<DriftReport>.Text("json", ".json", (d, _) => Render(d, "json")),
        ReportFormat<DriftReport>.Text("md", ".md", (d, _) => Render(d, "md")) with { Alias = "markdown" },
        ReportFormat<DriftReport>.Text("html", ".html", (d, _) => Render(d, "html")),
    ]);

    public static string Render(DriftReport drift, string format)
    {
        ArgumentNullException.ThrowIfNull(drift);
        var title = Title(drift, m => m);
        var text = new StringBuilder();
        switch (format)
        {
            case "json":
                return JsonSerializer.Serialize(drift, AuditJson.Options) + "\n";
            case "md":
                text.Append(CultureInfo.InvariantCulture, $"# {Title(drift, MarkdownText.Escape)}\n\n");
                text.Append(drift.IsEmpty ? "No changes.\n" : "| area | change | subject | detail |\n|---|---|---|---|\n");
                foreach (var c in drift.Changes)
                {
                    text.Append(CultureInfo.InvariantCulture, $"| {MarkdownText.Escape(c.Area)} | {MarkdownText.Escape(c.Kind)} | {MarkdownText.Code(c.Subject)} | {MarkdownText.Escape(c.Detail)} |\n");
                }

                return text.ToString();
            case "html":
                text.Append(CultureInfo.InvariantCulture, $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"><title>{HtmlText.Escape(title)}</title><style>body{{font:14px system-ui;margin:24px}}td,th{{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left}}</style></head><body><h1>{HtmlText.Escape(title)}</h1><table><tr><th>area</th><th>change</th><th>subject</th><th>detail</th></tr>");
                foreach (var c in drift.Changes)
                {
                    text.Append(CultureInfo.InvariantCulture, $"<tr><td>{HtmlText.Escape(c.Area)}</td><td>{HtmlText.Escape(c.Kind)}</td><td><code>{HtmlText.Escape(c.Subject)}</code></td><td>{HtmlText.Escape(c.Detail)}</td></tr>");
                }

                return text.Append("</table></body></html>\n").ToString();
            default:
                text.Append(title).Append('\n');
                if (drift.IsEmpty)
                {
                    text.Append("No changes.\n");
                }

                foreach (var c in drift.Changes)
                {
                    text.Append(CultureInfo.InvariantCulture, $"  {c.Kind,-9} {c.Area,-17} {c.Subject}{(c.Detail.Length > 0 ? "  — " + c.Detail : string.Empty)}\n");
                }

                return text.ToString();
        }
    }

    private static string Title(DriftReport drift, Func<string, string> machine) => string.Create(CultureInfo.InvariantCulture,
        $"Drift from snapshot #{drift.From.Id} ({drift.From.CreatedAt:yyyy-MM-dd HH:mm}Z, {machine(drift.From.Machine)}) to #{drift.To.Id} ({drift.To.CreatedAt:yyyy-MM-dd HH:mm}Z, {machine(drift.To.Machine)})");
}
