using System.Net;
using System.Text;

namespace CcAudit.Core.Common;

/// <summary>
/// Markdown escaping for strings that come from scanned files: they are data, so nothing in them may render as a link,
/// emphasis, HTML or a table cell break. Every Markdown writer goes through here.
/// </summary>
public static class MarkdownText
{
    /// <summary>
    /// Escapes table pipes, HTML and Markdown syntax; a file named <c>[x](https://evil)</c> stays text. Parentheses stay
    /// as they are: without brackets they start no link, and readers search reports for <c>alert(1)</c>.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '|' => "\\|",
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '[' or ']' or '*' or '_' or '`' or '#' or '!' or '\\' or '~' => "\\" + c,
                '\n' or '\r' => " ",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    /// <summary>A code span: nothing inside renders as Markdown; backticks become quotes and pipes stay in their cell.</summary>
    public static string Code(string? text) =>
        "`" + (text ?? string.Empty).Replace("`", "'", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)
            .Replace('\n', ' ').Replace('\r', ' ') + "`";
}

/// <summary>HTML escaping for text and attribute values; every HTML writer goes through here.</summary>
public static class HtmlText
{
    public static string Escape(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
