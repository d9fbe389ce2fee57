using CcAudit.Core.Common;

namespace CcAudit.Core.Discovery;

/// <summary>Finds the git repository root of a directory the way Claude Code keys trust and local settings: worktrees resolve to the main checkout.</summary>
public static class GitRoot
{
    public static string? Find(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            var git = System.IO.Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git))
            {
                return dir.FullName;
            }

            if (File.Exists(git))
            {
                return MainCheckout(git) ?? dir.FullName;
            }
        }

        return null;
    }

    private static string? MainCheckout(string gitFile)
    {
        try
        {
            var line = (SafeFile.ReadText(gitFile, 64 * 1024).Value ?? string.Empty).Split('\n', 2)[0];
            const string prefix = "gitdir: ";
            if (!line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return null;
            }

            var gitDir = line[prefix.Length..].Trim();
            var marker = gitDir.IndexOf("/.git/worktrees/", StringComparison.Ordinal);
            return marker > 0 ? gitDir[..marker] : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
