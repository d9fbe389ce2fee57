using CcAudit.Core.Common;
using Spectre.Console;

namespace CcAudit.Cli;

/// <summary>
/// Console text for tables and lines. A table wraps long cells across lines, which would split a secret from the name
/// that marks it before stdout's redactor sees it, so every cell goes through the one redactor when it is made.
/// </summary>
internal static class Cells
{
    public static Text Text(string text) => new(Redaction.Scrub(text));

    public static Text Text(string text, Style? style) => new(Redaction.Scrub(text), style);
}
