namespace CcAudit.Core.Tests.TestSupport;

/// <summary>
/// Finds the real peers that ./test.sh installs. Tests that need one fail with a clear message when it is missing:
/// a missing peer is a broken setup, never a reason to skip.
/// </summary>
public static class TestEnvironment
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string NpmDir => Environment.GetEnvironmentVariable("CCAUDIT_NPM_DIR") is { Length: > 0 } dir ? dir : Path.Combine(RepoRoot, "tools", "npm", "node_modules");

    public static string ClaudeBinary => Require(Environment.GetEnvironmentVariable("CCAUDIT_CLAUDE_BIN") is { Length: > 0 } bin ? bin : Path.Combine(NpmDir, "@anthropic-ai", "claude-code", "bin", "claude.exe"), "the Claude Code binary");

    public static string Chromium => Require(Environment.GetEnvironmentVariable("CCAUDIT_CHROMIUM") is { Length: > 0 } c ? c : "/usr/bin/chromium", "Debian chromium");

    public static string PostgresConnectionString => Environment.GetEnvironmentVariable("CCAUDIT_TEST_POSTGRES") is { Length: > 0 } cs
        ? cs
        : throw new InvalidOperationException("CCAUDIT_TEST_POSTGRES is not set: run the tests through ./test.sh, which starts a throwaway PostgreSQL");

    /// <summary>A file shipped by an npm peer, e.g. <c>NpmFile("@modelcontextprotocol/server-everything", "dist/index.js")</c>.</summary>
    public static string NpmFile(params string[] parts) => Require(Path.Combine([NpmDir, .. parts]), string.Join('/', parts));

    public static string TestData(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    private static string Require(string path, string what) =>
        File.Exists(path) || Directory.Exists(path) ? path : throw new InvalidOperationException($"{what} not found at {path}: run the tests through ./test.sh, which installs it");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ccaudit.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (ccaudit.slnx) not found above " + AppContext.BaseDirectory);
    }
}
