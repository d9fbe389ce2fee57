using System.Text.Json;
using CcAudit.Cli.Tests.TestSupport;
using CcAudit.Core.Tests.Discovery;

namespace CcAudit.Cli.Tests.Commands;

/// <summary>One machine option set on every verb: the same directory of a forensic copy gets the same answer everywhere.</summary>
public sealed class MachineOptionsTests : IDisposable
{
    private readonly FixtureHome _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private string[] Machine =>
        ["--home", _fixture.Home, "--managed-dir", _fixture.Managed, "--path-map", $"{FixtureHome.RecordedHome}={_fixture.Home}"];

    [Theory]
    [InlineData("scan")]
    [InlineData("reach")]
    [InlineData("activity")]
    [InlineData("mcp", "list")]
    [InlineData("mcp", "inspect")]
    [InlineData("settings", "show")]
    [InlineData("permissions", "explain")]
    public async Task EveryMachineVerb_TakesTheSharedOptions(params string[] verb)
    {
        var result = await CliRunner.RunAsync([.. verb, "--help"]);

        Assert.Equal(0, result.ExitCode);
        foreach (var option in new[] { "--home", "--all-users", "--managed-dir", "--path-map", "--settings", "--project", "-o, --output" })
        {
            Assert.Contains(option, result.Out, StringComparison.Ordinal);
        }

        Assert.Contains("An extra launch directory", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_OnAForensicCopy_AgreesWithScan_OnTrustAndTheDecidingRule()
    {
        var scan = await CliRunner.RunAsync(["scan", .. Machine, "--no-store", "-f", "json"]);
        const string Call = "Bash(git push origin dev)";
        var explain = await CliRunner.RunAsync(["permissions", "explain", "--cwd", _fixture.App, .. Machine, "-f", "json", Call]);
        var unmapped = await CliRunner.RunAsync(
            "permissions", "explain", "--cwd", _fixture.App, "--home", _fixture.Home, "--managed-dir", _fixture.Managed, "-f", "json", Call);

        Assert.Equal((0, 0, 0), (scan.ExitCode, explain.ExitCode, unmapped.ExitCode));
        var launch = JsonDocument.Parse(scan.Out).RootElement.GetProperty("inventory").GetProperty("launchDirectories").EnumerateArray()
            .Single(l => l.GetProperty("path").GetString() == _fixture.App);
        Assert.True(launch.GetProperty("trusted").GetBoolean());
        var decision = JsonDocument.Parse(explain.Out).RootElement.GetProperty("decision");
        Assert.Equal("allow", decision.GetProperty("decision").GetString());
        Assert.Equal("Bash(git push:*)", decision.GetProperty("rule").GetString());
        // Without the map the recorded trust is not found, so the project's allow rules are dropped: the disagreement this fixes.
        Assert.NotEqual("allow", JsonDocument.Parse(unmapped.Out).RootElement.GetProperty("decision").GetProperty("decision").GetString());
    }

    [Fact]
    public async Task Activity_Under_FiltersAndProject_KeepsItsSharedMeaning()
    {
        var all = await CliRunner.RunAsync(["activity", .. Machine, "-f", "json"]);
        var under = await CliRunner.RunAsync(["activity", .. Machine, "--under", _fixture.Untrusted, "-f", "json"]);

        Assert.Equal((0, 0), (all.ExitCode, under.ExitCode));
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(all.Out).RootElement.GetProperty("project").ValueKind);
        Assert.Equal(_fixture.Untrusted, JsonDocument.Parse(under.Out).RootElement.GetProperty("project").GetString());
    }

    /// <summary>
    /// On a forensic copy the transcripts record <c>/tmp/fx/home/work/app</c>; <c>--under</c> takes the path the auditor
    /// sees, through the same <c>--path-map</c> as scan, and still the recorded one.
    /// </summary>
    [Fact]
    public async Task Activity_Under_OnAForensicCopy_FollowsThePathMap()
    {
        static int Sessions(string json) => JsonDocument.Parse(json).RootElement.GetProperty("activity").GetProperty("sessions").GetInt32();
        var mapped = await CliRunner.RunAsync(["activity", .. Machine, "--under", _fixture.App, "-f", "json"]);
        var recorded = await CliRunner.RunAsync(["activity", .. Machine, "--under", FixtureHome.RecordedHome + "/work/app", "-f", "json"]);
        var unmapped = await CliRunner.RunAsync("activity", "--home", _fixture.Home, "--under", _fixture.App, "-f", "json");
        var elsewhere = await CliRunner.RunAsync(["activity", .. Machine, "--under", _fixture.Untrusted, "-f", "json"]);

        Assert.Equal((0, 0, 0, 0), (mapped.ExitCode, recorded.ExitCode, unmapped.ExitCode, elsewhere.ExitCode));
        Assert.True(Sessions(mapped.Out) > 0, mapped.Out[..Math.Min(400, mapped.Out.Length)]);
        Assert.Equal(Sessions(recorded.Out), Sessions(mapped.Out));
        Assert.Equal(0, Sessions(unmapped.Out));
        Assert.Equal(0, Sessions(elsewhere.Out));
    }
}
