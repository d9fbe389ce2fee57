using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CcAudit.Core.Common;

namespace CcAudit.Core.Store;

/// <summary>Renders a drift report as text, JSON, Markdown or HTML (everything from configs escaped).</summary>
public static class DriftWriter
{
    public static IReadOnlyList<string> Formats { get; } = ["console", "json", "md", "html"];

    public static string Render(DriftReport drift, string format)
    {
        ArgumentNullException.ThrowIfNull(drift);
        var title = $"Drift from snapshot #{drift.From.Id} ({drift.From.CreatedAt:yyyy-MM-dd HH:mm}Z, {drift.From.Machine}) to #{drift.To.Id} ({drift.To.CreatedAt:yyyy-MM-dd HH:mm}Z, {drift.To.Machine})";
        var text = new StringBuilder();
        switch (format)
        {
            case "json":
                return JsonSerializer.Serialize(drift, AuditJson.Options) + "\n";
            case "md":
                text.Append(CultureInfo.InvariantCulture, $"# {title}\n\n");
                text.Append(drift.IsEmpty ? "No changes.\n" : "| area | change | subject | detail |\n|---|---|---|---|\n");
                foreach (var c in drift.Changes)
                {
                    text.Append(CultureInfo.InvariantCulture, $"| {c.Area} | {c.Kind} | `{Md(c.Subject)}` | {Md(c.Detail)} |\n");
                }

                return text.ToString();
            case "html":
                text.Append(CultureInfo.InvariantCulture, $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"><title>{WebUtility.HtmlEncode(title)}</title><style>body{{font:14px system-ui;margin:24px}}td,th{{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left}}</style></head><body><h1>{WebUtility.HtmlEncode(title)}</h1><table><tr><th>area</th><th>change</th><th>subject</th><th>detail</th></tr>");
                foreach (var c in drift.Changes)
                {
                    text.Append(CultureInfo.InvariantCulture, $"<tr><td>{WebUtility.HtmlEncode(c.Area)}</td><td>{WebUtility.HtmlEncode(c.Kind)}</td><td><code>{WebUtility.HtmlEncode(c.Subject)}</code></td><td>{WebUtility.HtmlEncode(c.Detail)}</td></tr>");
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

    private static string Md(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal).Replace('\n', ' ').Replace("<", "&lt;", StringComparison.Ordinal);
}
