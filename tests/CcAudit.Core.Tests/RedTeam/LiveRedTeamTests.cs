using CcAudit.Core.RedTeam;
using CcAudit.Core.RedTeam.Live;
using CcAudit.Core.Rules;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.RedTeam;

/// <summary>The live red team against the real Claude Code 2.1.328 binary, jailed (oracle-protocol.md SAFETY).</summary>
public sealed class LiveRedTeamTests
{
    private const string Runs = "/var/tmp/ccaudit-live-tests";

    private static (RedTeamTarget Target, LaunchRedTeam Pass) Static(RedTeamFixture fixture)
    {
        var (_, context, report) = RedTeamRun.Run(fixture.Options(), new RedTeamRequest([fixture.App]), TestContext.Current.CancellationToken);
        var pass = Assert.Single(report.Launches);
        var launch = Assert.Single(context.Launches, l => l.Path == fixture.App);
        return (RedTeamRule.TargetOf(context, launch), pass);
    }

    [Fact]
    public async Task ModeratePreset_Explore()
    {
        using var fixture = new RedTeamFixture();
        var (target, pass) = Static(fixture);
        var live = await LiveRedTeam.RunAsync(target, pass, new LiveOptions(TestEnvironment.ClaudeBinary, Runs, 12, KeepRuns: true), TestContext.Current.CancellationToken);
        var text = System.Text.Json.JsonSerializer.Serialize(live, CcAudit.Core.Common.AuditJson.Options);
        File.WriteAllText("/tmp/live-explore.json", text);
        Assert.True(live.SelfCheckPassed, text);
    }
}
