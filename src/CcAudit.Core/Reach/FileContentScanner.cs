using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using CcAudit.Core.Common;
using Microsoft.Win32.SafeHandles;

namespace CcAudit.Core.Reach;

/// <summary>
/// Reads one file within the size limit and scans it. Binary and oversized files are counted and reported, never
/// loaded (of a binary only the first block is read); the buffers are pooled so a parallel scan of a large tree keeps
/// memory flat.
/// </summary>
internal sealed class FileContentScanner(ReachLimits limits, DiagnosticSink diagnostics)
{
    private const int BinarySniffBytes = 8192;

    private long _binary;
    private long _large;

    public long BinaryFiles => Interlocked.Read(ref _binary);

    public long UnscannedLargeFiles => Interlocked.Read(ref _large);

    /// <summary>The file's sensitivity and secrets, or null when it is neither sensitive by kind nor holds a secret.</summary>
    public (SensitiveKind Kind, IReadOnlyList<SecretHit> Secrets)? Scan(string path, string relativePath, long length)
    {
        IReadOnlyList<SecretHit> secrets = [];
        string? content = null;
        char[]? chars = null;
        try
        {
            // FIFOs, sockets and devices report length 0 and are never opened: opening a FIFO would block the scan.
            var count = length > 0 ? ReadText(path, length, out chars) : -1;
            if (count >= 0)
            {
                secrets = SecretScanner.Scan(chars.AsMemory(0, count));
                content = SensitiveFileClassifier.NeedsContent(relativePath) ? new string(chars!, 0, count) : null;
            }
        }
        finally
        {
            if (chars is not null)
            {
                ArrayPool<char>.Shared.Return(chars);
            }
        }

        var kind = SensitiveFileClassifier.Classify(relativePath, content, secrets.Count > 0, path) ?? (secrets.Count > 0 ? SensitiveKind.SecretInContent : null);
        return kind is null ? null : (kind.Value, secrets);
    }

    /// <summary>Decodes the file into a pooled buffer the caller returns; the character count, or -1 when not read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ReadText(string path, long length, out char[]? chars)
    {
        chars = null;
        if (length > limits.MaxScanBytes)
        {
            Interlocked.Increment(ref _large);
            diagnostics.Add(Diagnostic.Info(DiagnosticCodes.FileTooLarge, $"file is {length:N0} bytes, over the {limits.MaxScanBytes:N0}-byte scan limit; its name was checked, its content was not", new SourceLocation(path)));
            return -1;
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            int read;
            var opened = UnixFile.Open(path);
            if (opened.Handle is null)
            {
                diagnostics.Add(opened.FileType is { } type
                    ? Diagnostic.Info(DiagnosticCodes.NotAFile, $"a {type}, not a regular file; its name was checked, it was not opened further", new SourceLocation(path))
                    : Diagnostic.Error(DiagnosticCodes.FileUnreadable, opened.Errno is 1 or 13
                        ? "file is not readable by this audit; Claude Code running as another user may read it"
                        : $"could not open (errno {opened.Errno})", new SourceLocation(path)));
                return -1;
            }

            using (var handle = opened.Handle)
            {
                // The first block decides whether the file is text; the rest of a binary is never read.
                read = Read(handle, buffer, 0, (int)Math.Min(length, BinarySniffBytes));
                if (buffer.AsSpan(0, read).Contains((byte)0))
                {
                    Interlocked.Increment(ref _binary);
                    diagnostics.Add(Diagnostic.Info(DiagnosticCodes.FileBinary, "binary file; its name was checked, its content was not", new SourceLocation(path)));
                    return -1;
                }

                read = Read(handle, buffer, read, (int)length);
            }

            var data = buffer.AsSpan(0, read);
            chars = ArrayPool<char>.Shared.Rent(Math.Max(1, Encoding.UTF8.GetMaxCharCount(read)));
            return Encoding.UTF8.GetChars(data, chars);
        }
        catch (UnauthorizedAccessException)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.FileUnreadable, "file is not readable by this audit; Claude Code running as another user may read it", new SourceLocation(path)));
        }
        catch (IOException ex)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.FileUnreadable, $"could not read: {ex.Message}", new SourceLocation(path)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return -1;
    }

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="read"/> up to <paramref name="end"/> or the end of the file; the bytes held.</summary>
    private static int Read(SafeFileHandle handle, byte[] buffer, int read, int end)
    {
        int n;
        while (read < end && (n = RandomAccess.Read(handle, buffer.AsSpan(read, end - read), read)) > 0)
        {
            read += n;
        }

        return read;
    }
}
