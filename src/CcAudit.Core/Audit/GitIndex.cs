using System.Buffers.Binary;
using System.Text;
using CcAudit.Core.Common;

namespace CcAudit.Core.Audit;

/// <summary>
/// The paths git tracks, read from the repository's index file (versions 2 to 4) without running git: what a clone
/// brings is what <c>check</c> audits. A worktree's <c>.git</c> file points to its own index.
/// </summary>
public static class GitIndex
{
    private const int MaxIndexBytes = 256 * 1024 * 1024;

    /// <summary>Repository-relative tracked paths; null when the directory is not a git repository or its index cannot be read (a diagnostic says which).</summary>
    public static IReadOnlySet<string>? Tracked(string repositoryRoot, List<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var index = IndexPath(repositoryRoot);
        if (index is null)
        {
            return null;
        }

        try
        {
            var info = new FileInfo(index);
            if (!info.Exists)
            {
                // A repository nothing was ever added to: what is on disk is what would be committed.
                diagnostics.Add(Diagnostic.Info(DiagnosticCodes.GitIndexUnreadable, "git repository without an index (nothing added yet): every file on disk is audited", new SourceLocation(index)));
                return null;
            }

            if (info.Length > MaxIndexBytes)
            {
                diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.FileTooLarge, "git index over 256 MiB: every file on disk is audited, tracked or not", new SourceLocation(index)));
                return null;
            }

            var parsed = Parse(File.ReadAllBytes(index));
            if (parsed is null)
            {
                diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.GitIndexUnreadable, "git index is not in a format ccaudit reads (versions 2-4): every file on disk is audited, tracked or not", new SourceLocation(index)));
            }

            return parsed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.FileUnreadable, $"git index unreadable ({ex.GetType().Name}): every file on disk is audited, tracked or not", new SourceLocation(index)));
            return null;
        }
    }

    private static string? IndexPath(string root)
    {
        var git = Path.Combine(root, ".git");
        if (Directory.Exists(git))
        {
            return Path.Combine(git, "index");
        }

        if (!File.Exists(git))
        {
            return null;
        }

        var line = File.ReadLines(git).FirstOrDefault() ?? string.Empty;
        const string prefix = "gitdir: ";
        return line.StartsWith(prefix, StringComparison.Ordinal) ? Path.Combine(Path.GetFullPath(line[prefix.Length..].Trim(), root), "index") : null;
    }

    /// <summary>Parses an index; null when it is not one (bad signature, version, or truncated entries).</summary>
    public static HashSet<string>? Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < 12 || !data[..4].SequenceEqual("DIRC"u8))
        {
            return null;
        }

        var version = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        var count = BinaryPrimitives.ReadUInt32BigEndian(data[8..]);
        if (version is < 2 or > 4)
        {
            return null;
        }

        var paths = new HashSet<string>(StringComparer.Ordinal);
        var offset = 12;
        var previous = Array.Empty<byte>();
        for (var i = 0u; i < count; i++)
        {
            if (offset + 62 > data.Length)
            {
                return null;
            }

            var flags = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 60)..]);
            var start = offset;
            offset += 62 + (version >= 3 && (flags & 0x4000) != 0 ? 2 : 0);
            byte[] name;
            if (version == 4)
            {
                if (!ReadVarint(data, ref offset, out var strip) || strip > (ulong)previous.Length)
                {
                    return null;
                }

                var end = data[offset..].IndexOf((byte)0);
                if (end < 0)
                {
                    return null;
                }

                name = [.. previous.AsSpan(0, previous.Length - (int)strip), .. data.Slice(offset, end)];
                offset += end + 1;
            }
            else
            {
                var end = data[offset..].IndexOf((byte)0);
                if (end < 0)
                {
                    return null;
                }

                name = data.Slice(offset, end).ToArray();
                offset = start + ((offset - start + end + 8) & ~7);
            }

            previous = name;
            paths.Add(Encoding.UTF8.GetString(name));
        }

        return paths;
    }

    private static bool ReadVarint(ReadOnlySpan<byte> data, ref int offset, out ulong value)
    {
        value = 0;
        if (offset >= data.Length)
        {
            return false;
        }

        var c = data[offset++];
        value = c & 127u;
        while ((c & 128) != 0)
        {
            if (offset >= data.Length || value > (ulong.MaxValue >> 8))
            {
                return false;
            }

            c = data[offset++];
            value = ((value + 1) << 7) + (c & 127u);
        }

        return true;
    }
}
