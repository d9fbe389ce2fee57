using System.Text;

namespace CcAudit.Core.Common;

/// <summary>
/// Reads config files defensively: a missing, unreadable, oversized, binary or looping file becomes a diagnostic
/// instead of an exception, and a huge file is never loaded into memory.
/// </summary>
public static class SafeFile
{
    /// <summary>Config files are small; anything past this is not a config Claude Code would load whole either.</summary>
    public const long DefaultMaxBytes = 16L * 1024 * 1024;

    private const int BinarySniffBytes = 8192;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a whole text file as UTF-8, dropping a BOM.</summary>
    public static ParseResult<string> ReadText(string path, long maxBytes = DefaultMaxBytes)
    {
        var bytes = ReadBytes(path, maxBytes);
        if (bytes.Value is null)
        {
            return new ParseResult<string>(null, bytes.Diagnostics);
        }

        var data = bytes.Value;
        var location = new SourceLocation(path);
        if (LooksBinary(data))
        {
            return ParseResult<string>.Fail(Diagnostic.Error(DiagnosticCodes.FileBinary, "file holds binary data (NUL bytes), not text", location));
        }

        var offset = data.Length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF ? 3 : 0;
        try
        {
            return ParseResult<string>.Ok(StrictUtf8.GetString(data, offset, data.Length - offset));
        }
        catch (DecoderFallbackException)
        {
            var lossy = Encoding.UTF8.GetString(data, offset, data.Length - offset);
            return ParseResult<string>.Ok(lossy, [Diagnostic.Warning(DiagnosticCodes.FileNotUtf8, "file is not valid UTF-8; invalid bytes were replaced", location)]);
        }
    }

    /// <summary>
    /// Opens a file for reading, or says why not: missing, unreadable, a directory, a link that does not resolve, a
    /// path holding a NUL, or not a regular file at all (a FIFO or device would block or never end). Every file an
    /// audit reads goes through here, so no input can hang it.
    /// </summary>
    public static ParseResult<FileStream> OpenRead(string path, int bufferSize = 4096, FileOptions options = FileOptions.SequentialScan)
    {
        ArgumentNullException.ThrowIfNull(path);
        var location = new SourceLocation(path);
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return ParseResult<FileStream>.Fail(Diagnostic.Error(DiagnosticCodes.FileUnreadable, "path holds a NUL character, which no file name can; not read", location with { Path = path.Replace("\0", "\\0", StringComparison.Ordinal) }));
        }

        try
        {
            if (Directory.Exists(path))
            {
                return ParseResult<FileStream>.Fail(Diagnostic.Error(DiagnosticCodes.NotAFile, "expected a file but found a directory", location));
            }

            var info = new FileInfo(path);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is null)
            {
                return ParseResult<FileStream>.Fail(Diagnostic.Error(DiagnosticCodes.SymlinkLoop, $"symbolic link to '{info.LinkTarget}' does not resolve", location));
            }

            var opened = UnixFile.Open(path);
            if (opened.Handle is { } handle)
            {
                return ParseResult<FileStream>.Ok(new FileStream(handle, FileAccess.Read, bufferSize, (options & FileOptions.Asynchronous) != 0));
            }

            return ParseResult<FileStream>.Fail(opened.FileType is { } type
                ? Diagnostic.Error(DiagnosticCodes.NotAFile, $"expected a regular file but found a {type}; not read (it could block or never end)", location)
                : ErrnoDiagnostic(opened.Errno, location));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ParseResult<FileStream>.Fail(ExceptionDiagnostic(ex, location));
        }
    }

    /// <summary>Reads a whole file's bytes within <paramref name="maxBytes"/>.</summary>
    public static ParseResult<byte[]> ReadBytes(string path, long maxBytes = DefaultMaxBytes)
    {
        var location = new SourceLocation(path);
        var open = OpenRead(path);
        if (open.Value is not { } stream)
        {
            return new ParseResult<byte[]>(null, open.Diagnostics);
        }

        try
        {
            using var owned = stream;
            if (stream.CanSeek && stream.Length > maxBytes)
            {
                return ParseResult<byte[]>.Fail(Diagnostic.Error(DiagnosticCodes.FileTooLarge, $"file is {stream.Length:N0} bytes, over the {maxBytes:N0}-byte limit; not read", location));
            }

            // Files under /proc report no length; read at most one chunk past the limit to tell.
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > maxBytes)
                {
                    return ParseResult<byte[]>.Fail(Diagnostic.Error(DiagnosticCodes.FileTooLarge, $"file is over the {maxBytes:N0}-byte limit; not read", location));
                }
            }

            return ParseResult<byte[]>.Ok(buffer.ToArray());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ParseResult<byte[]>.Fail(ExceptionDiagnostic(ex, location));
        }
    }

    private static Diagnostic ErrnoDiagnostic(int errno, SourceLocation location) => errno switch
    {
        2 or 20 => Diagnostic.Error(DiagnosticCodes.FileMissing, "file does not exist", location),
        1 or 13 => Diagnostic.Error(DiagnosticCodes.FileUnreadable, "permission denied", location),
        40 => Diagnostic.Error(DiagnosticCodes.SymlinkLoop, "symbolic links loop; not read", location),
        _ => Diagnostic.Error(DiagnosticCodes.FileUnreadable, $"could not open (errno {errno})", location),
    };

    private static Diagnostic ExceptionDiagnostic(Exception ex, SourceLocation location) => ex switch
    {
        UnauthorizedAccessException => Diagnostic.Error(DiagnosticCodes.FileUnreadable, $"permission denied: {ex.Message}", location),
        FileNotFoundException or DirectoryNotFoundException => Diagnostic.Error(DiagnosticCodes.FileMissing, "file does not exist", location),
        _ when ex.Message.Contains("symbolic links", StringComparison.OrdinalIgnoreCase) => Diagnostic.Error(DiagnosticCodes.SymlinkLoop, $"could not read: {ex.Message}", location),
        _ => Diagnostic.Error(DiagnosticCodes.FileUnreadable, $"could not read: {ex.Message}", location),
    };

    /// <summary>True when the first bytes hold a NUL, which no text config does.</summary>
    public static bool LooksBinary(ReadOnlySpan<byte> data) =>
        data[..Math.Min(data.Length, BinarySniffBytes)].IndexOf((byte)0) >= 0;
}
