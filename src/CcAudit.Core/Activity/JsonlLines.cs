using System.Buffers;
using System.Runtime.CompilerServices;
using CcAudit.Core.Common;

namespace CcAudit.Core.Activity;

/// <summary>One line of a JSONL file, in a pooled buffer that is reused after the callback returns.</summary>
/// <param name="Buffer">The buffer holding the line (valid only during the callback).</param>
/// <param name="Offset">Where the line starts in <paramref name="Buffer"/>.</param>
/// <param name="Length">Its length in bytes, without the newline (and without a trailing CR).</param>
/// <param name="Number">1-based line number.</param>
/// <param name="Terminated">False for a last line without a newline: the writer may have been cut off.</param>
internal readonly record struct JsonlLine(byte[] Buffer, int Offset, int Length, int Number, bool Terminated)
{
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(Offset, Length);

    public ReadOnlyMemory<byte> Memory => Buffer.AsMemory(Offset, Length);
}

/// <summary>
/// Splits a JSONL file into lines over one pooled buffer that grows up to the line cap: no string per line, no copy
/// for lines that fit. Binary files and lines above the cap are diagnostics; the rest of the file is still read.
/// </summary>
internal static class JsonlLines
{
    private const int InitialBuffer = 1 << 20;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Read(string path, int maxLineBytes, List<Diagnostic> diagnostics, Action<JsonlLine> onLine)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        var oversized = 0;
        var firstOversized = 0;
        try
        {
            var open = SafeFile.OpenRead(path, 1);
            if (open.Value is null)
            {
                diagnostics.AddRange(open.Diagnostics);
                return;
            }

            using var stream = open.Value;
            var filled = 0;
            var lineNumber = 0;
            var skipping = false;
            var first = true;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= maxLineBytes)
                    {
                        // A line longer than the cap: count it and drop bytes until its newline.
                        skipping = true;
                        filled = 0;
                    }
                    else
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(maxLineBytes, buffer.Length * 2));
                        buffer.AsSpan(0, filled).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }

                var read = stream.Read(buffer, filled, buffer.Length - filled);
                if (read == 0)
                {
                    break;
                }

                // JSONL is text: NUL bytes up front mean a binary or sparse file, which may hold no newline for gigabytes.
                if (first && SafeFile.LooksBinary(buffer.AsSpan(0, Math.Min(read, 8192))))
                {
                    diagnostics.Add(Diagnostic.Error(DiagnosticCodes.FileBinary, "file holds binary data (NUL bytes), not JSON lines; not read", new SourceLocation(path)));
                    return;
                }

                first = false;
                var scanFrom = filled;
                filled += read;
                var start = 0;
                while (true)
                {
                    var newline = buffer.AsSpan(scanFrom, filled - scanFrom).IndexOf((byte)'\n');
                    if (newline < 0)
                    {
                        break;
                    }

                    var end = scanFrom + newline;
                    lineNumber++;
                    if (skipping)
                    {
                        skipping = false;
                        oversized++;
                        firstOversized = firstOversized == 0 ? lineNumber : firstOversized;
                    }
                    else
                    {
                        Emit(buffer, start, end - start, lineNumber, terminated: true, onLine);
                    }

                    start = end + 1;
                    scanFrom = start;
                }

                if (skipping)
                {
                    filled = 0;
                    continue;
                }

                // Keep the partial line at the front of the buffer for the next read.
                buffer.AsSpan(start, filled - start).CopyTo(buffer);
                filled -= start;
            }

            if (skipping)
            {
                lineNumber++;
                oversized++;
                firstOversized = firstOversized == 0 ? lineNumber : firstOversized;
            }
            else if (filled > 0)
            {
                Emit(buffer, 0, filled, lineNumber + 1, terminated: false, onLine);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.FileUnreadable, $"cannot read transcript: {ex.Message}", new SourceLocation(path)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (oversized > 0)
        {
            diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.JsonlLineTooLong,
                $"{oversized} line(s) longer than {maxLineBytes / (1024 * 1024)} MiB not read (first at line {firstOversized})", new SourceLocation(path, firstOversized)));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Emit(byte[] buffer, int start, int length, int number, bool terminated, Action<JsonlLine> onLine)
    {
        if (length > 0 && buffer[start + length - 1] == (byte)'\r')
        {
            length--;
        }

        if (!buffer.AsSpan(start, length).Trim(" \t"u8).IsEmpty)
        {
            onLine(new JsonlLine(buffer, start, length, number, terminated));
        }
    }
}
