using CcAudit.Core.Permissions;
using CcAudit.Core.Permissions.Oracle;

namespace CcAudit.Core.Tests.Permissions.Oracle;

public sealed class OracleBatchPlannerTests
{
    private static PermissionCase Case(string id, string mode, string tool, string input) =>
        PermissionCase.Parse(
            "{\"id\":\"" + id + "\",\"mode\":\"" + mode + "\",\"home\":\"/home/dev\",\"cwd\":\"/srv/app\",\"settings\":{\"user\":{\"permissions\":{\"allow\":[\"Bash(ls:*)\"]}}},\"tool\":\"" + tool + "\",\"input\":" + input + "}",
            "t.jsonl",
            1).Value!;

    [Fact]
    public void CasesAreGroupedByConfiguration_AndProbesOfOneFileNeverShareARun()
    {
        var cases = new[]
        {
            Case("a", "default", "Bash", """{"command":"ls"}"""),
            Case("b", "acceptEdits", "Bash", """{"command":"ls"}"""),
            Case("c", "default", "Write", """{"file_path":"/srv/app/x","content":"1"}"""),
            Case("d", "default", "Read", """{"file_path":"/srv/app/x"}"""),
            Case("e", "default", "Read", """{"file_path":"/srv/app/y"}"""),
        };

        var batches = OracleBatchPlanner.Plan(cases, batchSize: 10);

        Assert.Equal(3, batches.Count);
        Assert.All(batches, b => Assert.Single(b.Cases.Select(c => c.Context.Mode).Distinct()));
        Assert.All(batches, b => Assert.Equal(b.Cases.Count(c => OracleBatchPlanner.FilePath(c) is not null), b.Cases.Select(OracleBatchPlanner.FilePath).OfType<string>().Distinct().Count()));
        Assert.Equal(["a", "b", "c", "d", "e"], batches.SelectMany(b => b.Cases).Select(c => c.Id).Order());
    }

    [Fact]
    public void BatchSize_IsRespected()
    {
        var cases = Enumerable.Range(0, 25).Select(i => Case($"c{i}", "default", "Bash", """{"command":"ls"}""")).ToList();

        var batches = OracleBatchPlanner.Plan(cases, batchSize: 10);

        Assert.Equal([10, 10, 5], batches.Select(b => b.Cases.Count));
    }

    [Theory]
    [InlineData("/home/dev/work/app", "/home")]
    [InlineData("/srv/app", "/srv")]
    [InlineData("/etc/claude", null)]
    [InlineData("/usr/local/app", null)]
    [InlineData("relative/path", null)]
    [InlineData("/no-such-top-level-dir/app", null)]
    [InlineData("/home/../etc", null)]
    public void MirrorPoint_OnlyForExistingNonSystemTopLevelDirectories(string path, string? expected)
    {
        Assert.Equal(expected, OracleSandbox.MirrorPoint(path, ["/var/tmp/ccaudit-oracle"]));
    }

    [Fact]
    public void MirrorPoint_NeverHidesTheOracleItself()
    {
        Assert.Null(OracleSandbox.MirrorPoint("/srv/app", ["/srv/oracle-runs"]));
    }
}
