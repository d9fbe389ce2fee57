using CcAudit.Core.Audit;
using CcAudit.Core.Common;

namespace CcAudit.Core.Tests.RepositoryChecks;

public sealed class GitIndexTests
{
    [Fact]
    public void NotARepository_IsNull_WithoutDiagnostic()
    {
        var diagnostics = new List<Diagnostic>();

        Assert.Null(GitIndex.Tracked(Directory.CreateTempSubdirectory("ccaudit-nogit-").FullName, diagnostics));
        Assert.Empty(diagnostics);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { (byte)'D', (byte)'I', (byte)'R', (byte)'C', 0, 0, 0, 9, 0, 0, 0, 1 })]
    [InlineData(new byte[] { (byte)'D', (byte)'I', (byte)'R', (byte)'C', 0, 0, 0, 2, 0, 0, 0, 5, 1, 2, 3 })]
    [InlineData(new byte[] { (byte)'D', (byte)'I', (byte)'R', (byte)'C', 0, 0, 0, 4, 0xFF, 0xFF, 0xFF, 0xFF })]
    public void HostileIndex_IsNotAnIndex(byte[] data)
    {
        Assert.Null(GitIndex.Parse(data));
    }

    [Fact]
    public void GarbageIndexFile_IsADiagnostic_AndEverythingIsAudited()
    {
        var root = Directory.CreateTempSubdirectory("ccaudit-badgit-").FullName;
        Directory.CreateDirectory(Path.Combine(root, ".git"));
        File.WriteAllBytes(Path.Combine(root, ".git", "index"), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
        var diagnostics = new List<Diagnostic>();

        Assert.Null(GitIndex.Tracked(root, diagnostics));
        Assert.Equal(DiagnosticCodes.GitIndexUnreadable, Assert.Single(diagnostics).Code);
    }
}
