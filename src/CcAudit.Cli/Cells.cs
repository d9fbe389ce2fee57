using CcAudit.Core.Common;
using Spectre.Console;

namespace CcAudit.Cli;

/// <summary>
/// Console text for tables and lines. A table wraps long cells across lines, which would split a secret from the name
/// that marks it before stdout's redactor sees it, so every cell goes through the one redactor when it is made (and terminal escapes from audited files are shown, not run).
/// </summary>
internal static class Cells
{
    /// <summary>A console cell longer than this is cut: wrapping an 8 MB value costs minutes, and JSON keeps the whole value.</summary>
    public const int MaxChars = 4096;

    public static Text Text(string text) => new(Display(text));

    public static Text Text(string text, Style? style) => new(Display(text), style);

    private static string Display(string text)
    {
        var shown = ControlText.Neutralize(Redaction.Scrub(text));
        return shown.Length <= MaxChars ? shown : string.Concat(shown.AsSpan(0, MaxChars), $"… ({shown.Length:N0} characters; --format json has all)");
    }
}
