using CcAudit.Core.Common;
using CcAudit.Core.Reach;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Reach;

public sealed class TreeWalkerTests
{
    private static (Dictionary<string, WalkedFile> Files, TreeWalker Walker) Walk(string root, ReachLimits? limits = null, params string[] extraWorkingDirectories)
    {
        var walker = new TreeWalker(root, [root, .. extraWorkingDirectories], limits ?? ReachLimits.Default);
        var files = walker.Walk().ToDictionary(f => f.RelativePath, StringComparer.Ordinal);
        return (files, walker);
    }

    [Fact]
    public void ReportsIgnoredAndNotIgnoredFiles_FromTheGitIgnoreStack()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine(".git"));
        dir.Write(".git/info/exclude", "local-notes.txt\n");
        dir.Write(".gitignore", "*.log\n.env\nbuild/\n!keep.log\n");
        dir.Write("sub/.gitignore", "secret.json\n!debug.log\n");
        dir.Write(".env", "A=1");
        dir.Write("app.js", "x");
        dir.Write("keep.log", "x");
        dir.Write("other.log", "x");
        dir.Write("local-notes.txt", "x");
        dir.Write("build/out.js", "x");
        dir.Write("sub/secret.json", "{}");
        dir.Write("sub/debug.log", "x");
        dir.Write("sub/info.log", "x");

        var (files, walker) = Walk(dir.Path);

        Assert.Equal(GitState.Ignored, files[".env"].Git);
        Assert.Equal(GitState.NotIgnored, files["app.js"].Git);
        Assert.Equal(GitState.NotIgnored, files["keep.log"].Git);
        Assert.Equal(GitState.Ignored, files["other.log"].Git);
        Assert.Equal(GitState.Ignored, files["local-notes.txt"].Git);
        Assert.Equal(GitState.Ignored, files["build/out.js"].Git);
        Assert.Equal(GitState.Ignored, files["sub/secret.json"].Git);
        Assert.Equal(GitState.NotIgnored, files["sub/debug.log"].Git);
        Assert.Equal(GitState.Ignored, files["sub/info.log"].Git);
        Assert.Equal(files.Count, walker.Files);
        Assert.Equal(files.Values.Count(f => f.Git == GitState.Ignored), walker.GitIgnoredFiles);
    }

    [Fact]
    public void WalkRootBelowTheWorkTree_AppliesAncestorGitIgnores()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine(".git"));
        dir.Write(".gitignore", "apps/web/dist/\n*.pem\n");
        dir.Write("apps/web/dist/bundle.js", "x");
        dir.Write("apps/web/certs/server.pem", "x");
        dir.Write("apps/web/src/index.js", "x");

        var (files, _) = Walk(dir.Combine("apps", "web"));

        Assert.Equal(GitState.Ignored, files["dist/bundle.js"].Git);
        Assert.Equal(GitState.Ignored, files["certs/server.pem"].Git);
        Assert.Equal(GitState.NotIgnored, files["src/index.js"].Git);
    }

    [Fact]
    public void OutsideAWorkTree_FilesHaveNoRepository()
    {
        using var dir = new TempDir();
        dir.Write("a.txt", "x");

        var (files, _) = Walk(dir.Path);

        Assert.Equal(GitState.NoRepository, files["a.txt"].Git);
    }

    [Fact]
    public void GitStore_IsNotWalked_ButItsConfigIs()
    {
        using var dir = new TempDir();
        dir.Write(".git/config", "[remote \"origin\"]\n");
        dir.Write(".git/objects/ab/cdef", "blob");

        var (files, _) = Walk(dir.Path);

        Assert.Equal([".git/config"], files.Keys);
    }

    [Fact]
    public void SymlinkOutOfTheWorkingDirectories_IsAnEscape_AndNotFollowed()
    {
        using var dir = new TempDir();
        using var outside = new TempDir();
        outside.Write("secrets/prod.env", "X=1");
        dir.Write("a.txt", "x");
        Directory.CreateDirectory(dir.Combine("shared"));
        File.CreateSymbolicLink(dir.Combine("link-out"), outside.Combine("secrets"));
        File.CreateSymbolicLink(dir.Combine("link-in"), dir.Combine("shared"));

        var (files, walker) = Walk(dir.Path);

        var escape = Assert.Single(walker.Escapes);
        Assert.Equal(dir.Combine("link-out"), escape.LinkPath);
        Assert.Equal(outside.Combine("secrets"), escape.Target);
        Assert.True(escape.TargetIsDirectory);
        Assert.Equal(["a.txt"], files.Keys);
    }

    [Fact]
    public void SymlinkIntoAnotherWorkingDirectory_IsNotAnEscape()
    {
        using var dir = new TempDir();
        using var other = new TempDir();
        other.Write("lib.js", "x");
        File.CreateSymbolicLink(dir.Combine("lib"), other.Path);

        var (_, walker) = Walk(dir.Path, null, other.Path);

        Assert.Empty(walker.Escapes);
    }

    [Fact]
    public void SymlinkLoops_AndLinksToAncestors_AreDiagnostics()
    {
        using var dir = new TempDir();
        File.CreateSymbolicLink(dir.Combine("a"), dir.Combine("b"));
        File.CreateSymbolicLink(dir.Combine("b"), dir.Combine("a"));
        Directory.CreateDirectory(dir.Combine("deep"));
        File.CreateSymbolicLink(dir.Combine("deep", "up"), dir.Path);

        var (files, walker) = Walk(dir.Path);

        Assert.Empty(files);
        Assert.Empty(walker.Escapes);
        Assert.Equal(3, walker.Diagnostics.Count(d => d.Code == DiagnosticCodes.SymlinkLoop));
        Assert.Contains(walker.Diagnostics, d => d.Location!.Path == dir.Combine("deep", "up") && d.Message.Contains("ancestor", StringComparison.Ordinal));
    }

    [Fact]
    public void DeepTrees_StopAtTheDepthLimit_WithADiagnostic()
    {
        using var dir = new TempDir();
        dir.Write(string.Join('/', Enumerable.Range(0, 12).Select(i => $"d{i}")) + "/deep.txt", "x");
        dir.Write("d0/shallow.txt", "x");

        var (files, walker) = Walk(dir.Path, new ReachLimits(MaxDepth: 5));

        Assert.Equal(["d0/shallow.txt"], files.Keys);
        Assert.True(walker.Truncated);
        Assert.Contains(walker.Diagnostics, d => d.Code == DiagnosticCodes.WalkLimit && d.Message.Contains("deeper than 5", StringComparison.Ordinal));
    }

    [Fact]
    public void LongPaths_AreReported_NotOpened()
    {
        using var dir = new TempDir();
        dir.Write(new string('n', 200) + "/" + new string('f', 200), "x");
        dir.Write("short.txt", "x");

        var (files, walker) = Walk(dir.Path, new ReachLimits(MaxPathLength: dir.Path.Length + 300));

        Assert.Equal(["short.txt"], files.Keys);
        Assert.Contains(walker.Diagnostics, d => d.Code == DiagnosticCodes.WalkLimit && d.Message.Contains("characters", StringComparison.Ordinal));
    }

    [Fact]
    public void FileLimit_TruncatesTheWalk_WithADiagnostic()
    {
        using var dir = new TempDir();
        for (var i = 0; i < 20; i++)
        {
            dir.Write($"f{i}.txt", "x");
        }

        var (files, walker) = Walk(dir.Path, new ReachLimits(MaxFilesPerRoot: 7));

        Assert.Equal(7, files.Count);
        Assert.True(walker.Truncated);
        Assert.Contains(walker.Diagnostics, d => d.Code == DiagnosticCodes.WalkLimit && d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void MissingRoot_IsADiagnostic()
    {
        using var dir = new TempDir();

        var (files, walker) = Walk(dir.Combine("nope"));

        Assert.Empty(files);
        Assert.Contains(walker.Diagnostics, d => d.Code == DiagnosticCodes.FileMissing);
    }

    [Fact]
    public void Sizes_CountFilesAndBytes()
    {
        using var dir = new TempDir();
        dir.Write("a.txt", "12345");
        dir.Write("b/c.txt", "123");

        var (_, walker) = Walk(dir.Path);

        Assert.Equal(2, walker.Files);
        Assert.Equal(8, walker.Bytes);
        Assert.Equal(2, walker.Directories);
    }
}
