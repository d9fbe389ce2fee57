using System.Text.Json;
using CcAudit.Cli.Tests.TestSupport;
using CcAudit.Core.Tests.Discovery;

namespace CcAudit.Cli.Tests.Commands;

public sealed class StoreCommandsTests : IDisposable
{
    private readonly FixtureHome _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private string Store => Path.Combine(_fixture.Root, "store.db");

    private Task<CliRunner.Result> ScanAsync() =>
        CliRunner.RunAsync("scan", "--home", _fixture.Home, "--managed-dir", _fixture.Managed, "--path-map", $"{FixtureHome.RecordedHome}={_fixture.Home}", "--store", Store, "--format", "json");

    [Fact]
    public async Task Scan_SavesEachAudit_AndHistoryListsThem()
    {
        var first = await ScanAsync();
        await ScanAsync();

        var history = await CliRunner.RunAsync("history", "--store", Store, "--format", "json");

        Assert.Contains("saved as snapshot #1", first.Error, StringComparison.Ordinal);
        var snapshots = JsonDocument.Parse(history.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, snapshots.Count);
        Assert.All(snapshots, s => Assert.Equal(3, s.GetProperty("launchDirectories").GetInt32()));
    }

    [Fact]
    public async Task Drift_ShowsRulesModesServersAndFindingsThatChanged()
    {
        await ScanAsync();
        var local = Path.Combine(_fixture.App, ".claude", "settings.local.json");
        File.WriteAllText(local, """{"permissions":{"allow":["Bash(curl:*)"],"defaultMode":"bypassPermissions"}}""");
        File.WriteAllText(Path.Combine(_fixture.App, ".mcp.json"), """{"mcpServers":{"fs":{"command":"npx","args":["-y","@modelcontextprotocol/server-filesystem","/srv"]}}}""");
        await ScanAsync();

        var drift = await CliRunner.RunAsync("drift", "1", "2", "--store", Store, "--format", "json");

        Assert.Equal(0, drift.ExitCode);
        var changes = JsonDocument.Parse(drift.Out).RootElement.GetProperty("changes").EnumerateArray()
            .Select(c => $"{c.GetProperty("area").GetString()} {c.GetProperty("kind").GetString()} {c.GetProperty("subject").GetString()}").ToList();
        Assert.Contains(changes, c => c.StartsWith("permission-rule added allow Bash(curl:*) (local,", StringComparison.Ordinal));
        Assert.Contains(changes, c => c.StartsWith("permission-rule removed allow Bash(docker exec *) (local,", StringComparison.Ordinal));
        Assert.Contains(changes, c => c.StartsWith("mode changed " + _fixture.App, StringComparison.Ordinal));
        Assert.Contains(changes, c => c == $"setting changed permissions.defaultMode in {_fixture.App}");
        Assert.Contains(changes, c => c == $"setting removed enabledMcpjsonServers in {_fixture.App}");
        Assert.Contains(changes, c => c.StartsWith("mcp-server changed fs (project", StringComparison.Ordinal));
        Assert.Contains(changes, c => c.StartsWith("finding appeared CCA003", StringComparison.Ordinal));
        Assert.Contains(changes, c => c.StartsWith("finding fixed CCA106", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Drift_Html_EscapesWhatConfigsSaid()
    {
        await ScanAsync();
        File.WriteAllText(Path.Combine(_fixture.App, ".claude", "settings.local.json"), """{"permissions":{"allow":["Bash(<script>alert(1)</script>)"]}}""");
        await ScanAsync();

        var drift = await CliRunner.RunAsync("drift", "1", "2", "--store", Store, "--format", "html");

        Assert.DoesNotContain("<script>alert", drift.Out, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", drift.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_WithOneAudit_SaysWhatIsMissing()
    {
        await ScanAsync();

        var drift = await CliRunner.RunAsync("drift", "--store", Store);

        Assert.Equal(2, drift.ExitCode);
        Assert.Contains("two audits", drift.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_Default_SkipsAuditsOfOtherHomes()
    {
        using var other = new FixtureHome();
        await ScanAsync();
        await CliRunner.RunAsync("scan", "--home", other.Home, "--managed-dir", other.Managed, "--path-map", $"{FixtureHome.RecordedHome}={other.Home}", "--store", Store, "--format", "json");
        File.WriteAllText(Path.Combine(_fixture.App, ".claude", "settings.local.json"), """{"permissions":{"allow":["Bash(curl:*)"]}}""");
        await ScanAsync();

        var drift = await CliRunner.RunAsync("drift", "--store", Store, "--format", "json");

        Assert.Equal(0, drift.ExitCode);
        var root = JsonDocument.Parse(drift.Out).RootElement;
        Assert.Equal((1, 3), (root.GetProperty("from").GetProperty("id").GetInt32(), root.GetProperty("to").GetProperty("id").GetInt32()));
        Assert.DoesNotContain(root.GetProperty("changes").EnumerateArray(), c => c.GetProperty("area").GetString() == "launch-directory");
    }

    [Fact]
    public async Task Drift_Default_WithOnlyAnAuditOfAnotherHome_SaysWhatIsMissing()
    {
        using var other = new FixtureHome();
        await ScanAsync();
        await CliRunner.RunAsync("scan", "--home", other.Home, "--managed-dir", other.Managed, "--path-map", $"{FixtureHome.RecordedHome}={other.Home}", "--store", Store, "--format", "json");

        var drift = await CliRunner.RunAsync("drift", "--store", Store);

        Assert.Equal(2, drift.ExitCode);
        Assert.Contains("same homes", drift.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_NoStore_SavesNothing()
    {
        var result = await CliRunner.RunAsync("scan", "--home", _fixture.Home, "--managed-dir", _fixture.Managed, "--store", Store, "--no-store", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.False(File.Exists(Store));
    }
}
