using CcAudit.Core.Common;

namespace CcAudit.Core.Audit;

/// <summary>
/// Where a repository keeps Claude Code configuration: the root, every directory with its own <c>.claude/</c>,
/// <c>.mcp.json</c> or CLAUDE.md (nested projects, templates), every plugin it ships (<c>.claude-plugin/plugin.json</c>,
/// <c>hooks/hooks.json</c>) and its marketplace manifests. The walk never follows a symbolic link: a link where
/// configuration would be is a diagnostic (dangling, a loop, or leaving the repository), never read.
/// </summary>
public sealed record RepositoryLayout(
    IReadOnlyList<string> LaunchDirectories, IReadOnlyList<string> Marketplaces, IReadOnlySet<string> Links, IReadOnlyList<Diagnostic> Diagnostics)
{
    private const int MaxDirectories = 20_000;
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { ".git", "node_modules", ".venv", "venv", "__pycache__" };
    private static readonly HashSet<string> Markers = new(StringComparer.Ordinal) { ".claude", ".mcp.json", "CLAUDE.md", "AGENTS.md", ".claude-plugin", "hooks" };

    public static RepositoryLayout Read(string root)
    {
        var launches = new List<string> { root };
        var marketplaces = new List<string>();
        var diagnostics = new List<Diagnostic>();
        var links = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([root]);
        var visited = 0;
        while (queue.TryDequeue(out var directory))
        {
            if (++visited > MaxDirectories)
            {
                diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.WalkLimit, $"repository has more than {MaxDirectories} directories; the rest were not searched for Claude Code files", new SourceLocation(root)));
                break;
            }

            var entries = Entries(directory, diagnostics);
            if (directory != root && entries.Any(e => Markers.Contains(e.Name) && IsConfiguration(directory, e)))
            {
                launches.Add(directory);
                var local = Path.Combine(directory, ".claude", "settings.local.json");
                if (File.Exists(local))
                {
                    diagnostics.Add(Diagnostic.Info(DiagnosticCodes.NeverLoaded,
                        "settings.local.json below the repository root: Claude Code reads local settings only at the git root, so this file never applies", new SourceLocation(local)));
                }
            }

            var manifest = Path.Combine(directory, ".claude-plugin", "marketplace.json");
            if (File.Exists(manifest) && new FileInfo(manifest).LinkTarget is null)
            {
                marketplaces.Add(manifest);
            }

            foreach (var entry in entries)
            {
                if (entry.LinkTarget is not null)
                {
                    links.Add(entry.FullName);
                    ReportLink(root, entry, diagnostics);
                }
                else if (entry is DirectoryInfo && !Skipped.Contains(entry.Name))
                {
                    queue.Enqueue(entry.FullName);
                }
            }
        }

        return new RepositoryLayout(launches, marketplaces, links, diagnostics);
    }

    private static bool IsConfiguration(string directory, FileSystemInfo entry) => entry.Name switch
    {
        "hooks" => File.Exists(Path.Combine(directory, "hooks", "hooks.json")),
        ".claude-plugin" => File.Exists(Path.Combine(directory, ".claude-plugin", "plugin.json")),
        _ => true,
    };

    private static List<FileSystemInfo> Entries(string directory, List<Diagnostic> diagnostics)
    {
        try
        {
            return [.. new DirectoryInfo(directory).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.DirectoryUnreadable, $"directory unreadable ({ex.GetType().Name}): Claude Code files in it were not audited", new SourceLocation(directory)));
            return [];
        }
    }

    /// <summary>A link only matters where Claude Code would read configuration through it; anywhere else it is left alone.</summary>
    private static void ReportLink(string root, FileSystemInfo link, List<Diagnostic> diagnostics)
    {
        var relative = Path.GetRelativePath(root, link.FullName).Replace('\\', '/');
        var parts = relative.Split('/');
        var name = parts[^1];
        var configuration = Markers.Contains(name) || parts.Contains(".claude") || parts.Contains(".claude-plugin")
            || name.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && (name.StartsWith("CLAUDE", StringComparison.Ordinal) || name == "AGENTS.md")
            || (parts.Length > 1 && parts[^2] == "hooks");
        if (!configuration)
        {
            return;
        }

        var target = Path.GetFullPath(link.LinkTarget!, Path.GetDirectoryName(link.FullName)!);
        var why = !Path.Exists(target) ? "its target does not exist (dangling, or a loop)"
            : !(target == root || target.StartsWith(root + "/", StringComparison.Ordinal)) ? "it leaves the repository"
            : "check never follows links";
        diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.SymlinkNotFollowed,
            $"symbolic link to {Short(link.LinkTarget!)} not followed: {why}; Claude Code on a developer's machine would read what it points to", new SourceLocation(link.FullName)));
    }

    private static string Short(string target) => target.Length > 200 ? target[..200] + "…" : target;
}
