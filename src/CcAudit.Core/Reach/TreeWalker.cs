using System.IO.Enumeration;
using CcAudit.Core.Common;

namespace CcAudit.Core.Reach;

/// <summary>
/// Walks one working directory the way Claude Code can see it: every file, git-ignored or not, without following
/// symbolic links. Each directory is listed with a non-recursive <see cref="FileSystemEnumerable{TResult}"/> and the
/// recursion is an explicit stack, so an unreadable directory becomes a diagnostic naming it, the .gitignore stack
/// is per directory, and depth is bounded. Links are resolved, never followed: a link out of the working
/// directories is an escape, a link that loops is a diagnostic. Files stream out; nothing per file is retained.
/// </summary>
public sealed class TreeWalker
{
    private static readonly EnumerationOptions ListOnly = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    private readonly string _root;
    private readonly IReadOnlyList<string> _workingDirectories;
    private readonly ReachLimits _limits;
    private readonly DiagnosticSink _diagnostics;
    private readonly List<SymlinkEscape> _escapes = [];

    /// <param name="root">The working directory to walk.</param>
    /// <param name="workingDirectories">All working directories of the launch; links into any of them are not escapes.</param>
    /// <param name="limits">Walk bounds.</param>
    public TreeWalker(string root, IReadOnlyList<string> workingDirectories, ReachLimits limits)
        : this(root, workingDirectories, limits, new DiagnosticSink(limits.MaxDiagnosticsPerCode))
    {
    }

    internal TreeWalker(string root, IReadOnlyList<string> workingDirectories, ReachLimits limits, DiagnosticSink diagnostics)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        _workingDirectories = [.. workingDirectories.SelectMany(RealAndGiven).Distinct(StringComparer.Ordinal)];
        _limits = limits;
        _diagnostics = diagnostics;
    }

    public long Files { get; private set; }

    public long Bytes { get; private set; }

    public long Directories { get; private set; }

    public long GitIgnoredFiles { get; private set; }

    /// <summary>True when a limit stopped the walk before it saw everything.</summary>
    public bool Truncated { get; private set; }

    public IReadOnlyList<SymlinkEscape> Escapes => _escapes;

    /// <summary>Diagnostics of this walker (when it was built with its own sink).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics.ToList();

    /// <summary>True when <paramref name="path"/> is <paramref name="directory"/> or lies below it.</summary>
    public static bool IsUnder(string path, string directory) =>
        path.Length == directory.Length ? string.Equals(path, directory, StringComparison.Ordinal)
        : path.StartsWith(directory, StringComparison.Ordinal) && (directory.EndsWith('/') || path[directory.Length] == Path.DirectorySeparatorChar || path[directory.Length] == '/');

    /// <summary>Streams the regular files of the tree. Enumerate once.</summary>
    public IEnumerable<WalkedFile> Walk()
    {
        if (!Directory.Exists(_root))
        {
            _diagnostics.Add(Diagnostic.Error(DiagnosticCodes.FileMissing, "working directory does not exist", new SourceLocation(_root)));
            yield break;
        }

        var pending = new Stack<PendingDirectory>();
        pending.Push(new PendingDirectory(_root, string.Empty, 0, null));
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            var entries = List(dir.FullPath);
            if (entries is null)
            {
                continue;
            }

            Directories++;
            var git = dir.ParentGit is null
                ? GitIgnoreStack.ForRoot(dir.FullPath, _diagnostics)
                : dir.ParentGit.Child(dir.Relative, dir.FullPath, entries.Exists(e => e.Name == ".git"), entries.Exists(e => e.Name == ".gitignore" && !e.IsDirectory), _diagnostics);

            foreach (var entry in entries)
            {
                var full = Path.Join(dir.FullPath, entry.Name);
                var relative = dir.Relative.Length == 0 ? entry.Name : string.Concat(dir.Relative, "/", entry.Name);
                if (full.Length > _limits.MaxPathLength)
                {
                    _diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.WalkLimit, $"path is {full.Length:N0} characters, over the {_limits.MaxPathLength:N0} limit; not examined", new SourceLocation(full[.._limits.MaxPathLength] + "…")));
                    continue;
                }

                if (entry.IsSymlink)
                {
                    InspectLink(full, dir.FullPath);
                    continue;
                }

                if (entry.IsDirectory)
                {
                    if (entry.Name == ".git")
                    {
                        // Git's own store is not source; only its config can hold credentials (remote URLs with tokens).
                        var config = new FileInfo(Path.Join(full, "config"));
                        if (config.Exists && Count(config.Length, GitState.Ignored))
                        {
                            yield return new WalkedFile(config.FullName, relative + "/config", config.Length, GitState.Ignored);
                        }
                    }
                    else if (dir.Depth + 1 > _limits.MaxDepth)
                    {
                        Truncated = true;
                        _diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.WalkLimit, $"directory is deeper than {_limits.MaxDepth} levels; not entered", new SourceLocation(full)));
                    }
                    else
                    {
                        pending.Push(new PendingDirectory(full, relative, dir.Depth + 1, git));
                    }

                    continue;
                }

                var state = git.StateOf(relative, isDirectory: false);
                if (!Count(entry.Length, state))
                {
                    yield break;
                }

                yield return new WalkedFile(full, relative, entry.Length, state);
            }
        }
    }

    private bool Count(long length, GitState state)
    {
        if (Files >= _limits.MaxFilesPerRoot)
        {
            Truncated = true;
            _diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WalkLimit, $"walk stopped after {_limits.MaxFilesPerRoot:N0} files; the rest of this working directory was not examined", new SourceLocation(_root)));
            return false;
        }

        Files++;
        Bytes += length;
        if (state == GitState.Ignored)
        {
            GitIgnoredFiles++;
        }

        return true;
    }

    private List<Entry>? List(string directory)
    {
        try
        {
            var entries = new List<Entry>();
            var listing = new FileSystemEnumerable<Entry>(
                directory,
                (ref FileSystemEntry e) => new Entry(e.FileName.ToString(), e.IsDirectory, (e.Attributes & FileAttributes.ReparsePoint) != 0, e.IsDirectory ? 0 : e.Length),
                ListOnly);
            foreach (var entry in listing)
            {
                if (entries.Count >= _limits.MaxEntriesPerDirectory)
                {
                    Truncated = true;
                    _diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.WalkLimit, $"directory holds more than {_limits.MaxEntriesPerDirectory:N0} entries; the rest were not examined", new SourceLocation(directory)));
                    break;
                }

                entries.Add(entry);
            }

            return entries;
        }
        catch (UnauthorizedAccessException)
        {
            _diagnostics.Add(Diagnostic.Error(DiagnosticCodes.DirectoryUnreadable, "directory is not readable; its contents were not examined (Claude Code running as another user may see them)", new SourceLocation(directory)));
        }
        catch (DirectoryNotFoundException)
        {
            _diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.FileMissing, "directory vanished during the walk", new SourceLocation(directory)));
        }
        catch (IOException ex)
        {
            _diagnostics.Add(Diagnostic.Error(DiagnosticCodes.DirectoryUnreadable, $"directory could not be listed: {ex.Message}", new SourceLocation(directory)));
        }

        return null;
    }

    private void InspectLink(string link, string parent)
    {
        FileSystemInfo? target;
        try
        {
            target = new FileInfo(link).ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException ex)
        {
            _diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.SymlinkLoop, $"symbolic link loops and cannot be resolved: {ex.Message}", new SourceLocation(link)));
            return;
        }
        catch (UnauthorizedAccessException)
        {
            _diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.FileUnreadable, "symbolic link target cannot be inspected", new SourceLocation(link)));
            return;
        }

        if (target is null || !Path.Exists(target.FullName))
        {
            _diagnostics.Add(Diagnostic.Info(DiagnosticCodes.SymlinkLoop, "symbolic link is dangling (its target does not exist)", new SourceLocation(link)));
            return;
        }

        var resolved = Path.TrimEndingDirectorySeparator(target.FullName);
        var isDirectory = Directory.Exists(resolved);
        if (isDirectory && IsUnder(parent, resolved))
        {
            _diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.SymlinkLoop, $"symbolic link points to its own ancestor '{resolved}'; a tool following it would loop; not followed", new SourceLocation(link)));
            return;
        }

        if (!_workingDirectories.Any(wd => IsUnder(resolved, wd)))
        {
            _escapes.Add(new SymlinkEscape(link, resolved, isDirectory));
        }
    }

    private static IEnumerable<string> RealAndGiven(string directory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        yield return full;
        string? real = null;
        try
        {
            real = new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        }
        catch (IOException)
        {
        }

        if (real is not null)
        {
            yield return Path.TrimEndingDirectorySeparator(real);
        }
    }

    private readonly record struct Entry(string Name, bool IsDirectory, bool IsSymlink, long Length);

    private sealed record PendingDirectory(string FullPath, string Relative, int Depth, GitIgnoreStack? ParentGit);
}
