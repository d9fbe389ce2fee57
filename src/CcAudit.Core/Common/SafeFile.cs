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

    /// <summary>Reads a whole file's bytes within <paramref name="maxBytes"/>.</summary>
    public static ParseResult<byte[]> ReadBytes(string path, long maxBytes = DefaultMaxBytes)
    {
        var location = new SourceLocation(path);
        try
        {
            var info = new FileInfo(path);
            if (Directory.Exists(path))
            {
                return ParseResult<byte[]>.Fail(Diagnostic.Error(DiagnosticCodes.NotAFile, "expected a file but found a directory", location));
            }

            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is null)
            {
                return ParseResult<byte[]>.Fail(Diagnostic.Error(DiagnosticCodes.SymlinkLoop, $"symbolic link to '{info.LinkTarget}' does not resolve", location));
            }

            if (!info.Exists)
            {
                return ParseResult<byte[]>.Fail(Diagnostic.Error(DiagnosticCodes.FileMissing, "file does not exist", location));
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.SequentialScan);
            if (stream.CanSeek && stream.Length > maxBytes)
            {
                return ParseResult<byte[]>.Fail(Diagnostic.Error(DiagnosticCodes.FileTooLarge, $"file is {stream.Length:N0} bytes, over the {maxBytes:N0}-byte limit; not read", location));
            }

            // Devices and FIFOs report no length; read at most one byte past the limit to tell.
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
        catch (UnauthorizedAccessException ex)
        {
            return ParseResult<byte[]>.Fail(Diagnostic.Error(DiagnosticCodes.FileUnreadable, $"permission denied: {ex.Message}", location));
        }
        catch (FileNotFoundException)
        {
            return ParseResult<byte[]>.Fail(Diagnostic.Error(DiagnosticCodes.FileMissing, "file does not exist", location));
        }
        catch (DirectoryNotFoundException)
        {
            return ParseResult<byte[]>.Fail(Diagnostic.Error(DiagnosticCodes.FileMissing, "file does not exist", location));
        }
        catch (IOException ex)
        {
            var code = ex.Message.Contains("symbolic links", StringComparison.OrdinalIgnoreCase) ? DiagnosticCodes.SymlinkLoop : DiagnosticCodes.FileUnreadable;
            return ParseResult<byte[]>.Fail(Diagnostic.Error(code, $"could not read: {ex.Message}", location));
        }
    }

    /// <summary>True when the first bytes hold a NUL, which no text config does.</summary>
    public static bool LooksBinary(ReadOnlySpan<byte> data) =>
        data[..Math.Min(data.Length, BinarySniffBytes)].IndexOf((byte)0) >= 0;
}
