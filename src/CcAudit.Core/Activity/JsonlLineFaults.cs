using CcAudit.Core.Common;

namespace CcAudit.Core.Activity;

/// <summary>
/// The lines of one JSONL file that could not be read: a cut-off last line (a live session still writing) gets its own
/// diagnostic, malformed lines are summed into one so a damaged file does not flood the report.
/// </summary>
internal sealed class JsonlLineFaults(string file, ICollection<Diagnostic> diagnostics)
{
    private int _malformed;
    private int _firstMalformed;

    /// <summary>A line the JSON reader rejected at its top level.</summary>
    public void Rejected(JsonlLine line)
    {
        if (!line.Terminated)
        {
            diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.JsonlLineTruncated, $"last line {line.Number} is truncated (no newline, not valid JSON); it was skipped", new SourceLocation(file, line.Number, 1)));
            return;
        }

        Malformed(line.Number);
    }

    public void Malformed(int lineNumber)
    {
        _malformed++;
        _firstMalformed = _firstMalformed == 0 ? lineNumber : _firstMalformed;
    }

    /// <summary>Adds the summary of malformed lines, if any; call once the file is read.</summary>
    public void Finish()
    {
        if (_malformed > 0)
        {
            diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.JsonlLineMalformed, $"{_malformed} line(s) are not valid JSON and were skipped (first: line {_firstMalformed})", new SourceLocation(file, _firstMalformed, 1)));
        }
    }
}
