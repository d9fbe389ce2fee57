using System.Text.RegularExpressions;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Discovery;

/// <summary>
/// The script files a repository's hook commands run, wherever in the repository they live (<c>scripts/guard.sh</c>,
/// <c>tools/hooks/log.py</c>), not only under <c>.claude/hooks</c>. Only paths inside the repository are read, and a link
/// that leaves it is not followed: the audit reads what the repository commits, never runs it.
/// </summary>
public static partial class HookScripts
{
    private const int MaxScriptsPerDirectory = 64;

    /// <summary>Scripts that the project and local hooks of a launch directory name, as inventory files of kind <c>hook-script</c>.</summary>
    public static IEnumerable<InventoryFile> Referenced(IEnumerable<HookEntry> hooks, string directory, string? gitRoot)
    {
        ArgumentNullException.ThrowIfNull(hooks);
        var root = Path.GetFullPath(gitRoot ?? directory);
        return hooks.Where(h => h.Source is SettingsSource.Project or SettingsSource.Local && h.Command is not null)
            .SelectMany(h => Paths(h.Command!, directory))
            .Where(p => Inside(p, root) && IsRegularFileInside(p, root))
            .Distinct(StringComparer.Ordinal).Take(MaxScriptsPerDirectory)
            .Select(p => new InventoryFile("hook-script", p, true));
    }

    /// <summary>Candidate script paths in a hook command: tokens that look like files, with the project-dir variables resolved.</summary>
    internal static IEnumerable<string> Paths(string command, string directory)
    {
        var expanded = ProjectDir().Replace(command, directory);
        foreach (Match token in Token().Matches(expanded))
        {
            var text = token.Groups["path"].Value;
            if (text.Contains('$', StringComparison.Ordinal) || text.Contains("://", StringComparison.Ordinal))
            {
                continue;
            }

            string full;
            try
            {
                full = Path.GetFullPath(Path.IsPathRooted(text) ? text : Path.Combine(directory, text));
            }
            catch (ArgumentException)
            {
                continue;
            }

            yield return full;
        }
    }

    private static bool Inside(string path, string root) =>
        path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    private static bool IsRegularFileInside(string path, string root)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return false;
            }

            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            return target is null || (target.Exists && Inside(Path.GetFullPath(target.FullName), root) && target is FileInfo);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"""?\$\{?CLAUDE_PROJECT_DIR\}?""?", RegexOptions.None, 1000)]
    private static partial Regex ProjectDir();

    /// <summary>A word with a slash or a script extension: <c>./scripts/x.sh</c>, <c>hooks/guard.py</c>, <c>lint.mjs</c>.</summary>
    [GeneratedRegex(@"(?<![\w$./-])[""']?(?<path>(?:\.{0,2}/)?[\w.@+-]+(?:/[\w.@+-]+)*\.(?:sh|bash|zsh|py|js|mjs|cjs|ts|rb|pl|ps1)|(?:\.{0,2}/)?[\w.@+-]+(?:/[\w.@+-]+)+)[""']?",
        RegexOptions.None, 1000)]
    private static partial Regex Token();
}
