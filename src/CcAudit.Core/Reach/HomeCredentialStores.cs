namespace CcAudit.Core.Reach;

/// <summary>The well-known credential stores under a home directory.</summary>
public static class HomeCredentialStores
{
    /// <summary>Paths relative to the home; directories are listed one level deep (private keys, gcloud files).</summary>
    public static readonly IReadOnlyList<string> Known =
    [
        ".ssh", ".aws/credentials", ".aws/config", ".kube/config", ".docker/config.json", ".npmrc", ".pypirc", ".netrc",
        ".git-credentials", ".config/gcloud", ".pgpass", ".config/gh/hosts.yml", ".azure/accessTokens.json", ".claude/.credentials.json",
    ];

    /// <summary>The credential files that exist under <paramref name="home"/>.</summary>
    public static IEnumerable<string> Find(string home)
    {
        foreach (var relative in Known)
        {
            var path = Path.Combine(home, relative);
            if (File.Exists(path))
            {
                yield return path;
            }
            else if (Directory.Exists(path))
            {
                IEnumerable<string> files;
                try
                {
                    files = [.. Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2, IgnoreInaccessible = true })];
                }
                catch (IOException)
                {
                    continue;
                }
                catch (UnauthorizedAccessException)
                {
                    continue;
                }

                foreach (var file in files.Where(f => !f.EndsWith(".pub", StringComparison.Ordinal) && !f.EndsWith("known_hosts", StringComparison.Ordinal)
                    && !f.EndsWith("/config", StringComparison.Ordinal) && !f.EndsWith("authorized_keys", StringComparison.Ordinal) && !f.Contains("/logs/", StringComparison.Ordinal)))
                {
                    yield return file;
                }
            }
        }
    }
}
