using System.Text;
using CcAudit.Core.Common;

namespace CcAudit.Cli;

/// <summary>
/// The last seam before a terminal, pipe or file: every line written goes through <see cref="Redaction.Scrub"/>, so a
/// secret quoted in a diagnostic, a rule text or an exception message never leaves ccaudit whole, whichever verb wrote
/// it. Text is held until a line ends (a private key block until it closes) so no secret is split across writes.
/// </summary>
/// <param name="neutralize">Also show control characters as text: everywhere ccaudit itself writes no ANSI styling (files, pipes).</param>
internal sealed class ScrubbingWriter(TextWriter inner, bool ownsInner = false, bool neutralize = false) : TextWriter
{
    private readonly StringBuilder _pending = new();
    private bool _disposed;

    public override Encoding Encoding => inner.Encoding;

    /// <summary>The writer behind the redactor.</summary>
    public TextWriter Inner => inner;

    public override void Write(char value)
    {
        _pending.Append(value);
        if (value is '\n' or '\r')
        {
            Drain(final: false);
        }
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        _pending.Append(value);
        if (value.AsSpan().IndexOfAny('\n', '\r') >= 0)
        {
            Drain(final: false);
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(ReadOnlySpan<char> buffer) => Write(buffer.ToString());

    public override void WriteLine(string? value)
    {
        Write(value);
        Write(CoreNewLine);
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync()
    {
        WriteLine();
        return Task.CompletedTask;
    }

    public override void Flush()
    {
        Drain(final: true);
        inner.Flush();
    }

    public override async Task FlushAsync()
    {
        Drain(final: true);
        await inner.FlushAsync();
    }

    protected override void Dispose(bool disposing)
    {
        // DisposeAsync ends in base.DisposeAsync, which calls Dispose(true) again: the inner writer is closed by then.
        if (disposing && !_disposed)
        {
            _disposed = true;
            Flush();
            if (ownsInner)
            {
                inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            Drain(final: true);
            await inner.FlushAsync();
            if (ownsInner)
            {
                await inner.DisposeAsync();
            }
        }

        await base.DisposeAsync();
    }

    private void Drain(bool final)
    {
        var text = _pending.ToString();
        var end = final ? text.Length : text.AsSpan().LastIndexOfAny('\n', '\r') + 1;
        // A private key block spans lines: hold everything from its BEGIN line until it ends.
        var begin = text.LastIndexOf("-----BEGIN", StringComparison.Ordinal);
        if (!final && begin >= 0 && text.IndexOf("-----END", begin, StringComparison.Ordinal) < 0)
        {
            end = Math.Min(end, text.LastIndexOfAny(['\n', '\r'], begin) + 1);
        }

        if (end <= 0)
        {
            return;
        }

        var scrubbed = Redaction.Scrub(text[..end]);
        inner.Write(neutralize ? ControlText.Neutralize(scrubbed) : scrubbed);
        _pending.Remove(0, end);
    }
}
