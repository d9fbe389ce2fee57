using System.Text.Json;
using CcAudit.Cli.Tests.TestSupport;
using CcAudit.Core.Tests.Discovery;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Cli.Tests.Commands;

/// <summary>Live MCP results folded into the audit report, with the project's hostile server.</summary>
public sealed class ScanMcpTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Project(string mode, params string[] extra)
    {
        var project = _dir.Combine("proj");
        var script = Path.Combine(AppContext.BaseDirectory, "TestData", "Mcp", "hostile-server.mjs");
        _dir.Write(Path.Combine("proj", ".mcp.json"), JsonSerializer.Serialize(new { mcpServers = new Dictionary<string, object> { ["hostile"] = new { command = "node", args = (string[])[script, mode, .. extra] } } }));
        _dir.Write(Path.Combine("proj", ".claude", "settings.local.json"), """{"enabledMcpjsonServers":["hostile"]}""");
        return project;
    }

    private Task<CliRunner.Result> ScanAsync(string project, params string[] more) =>
        CliRunner.RunAsync(["scan", "--home", Directory.CreateDirectory(_dir.Combine("home")).FullName, "--managed-dir", Directory.CreateDirectory(_dir.Combine("managed")).FullName, "--project", project, "--store", _dir.Combine("store.db"), .. more]);

    [Fact]
    public async Task ConnectMcp_PutsPoisoningFindingsIntoEveryFormat()
    {
        var project = Project("poisoned");

        var json = await ScanAsync(project, "--connect-mcp", "--format", "json");
        var html = await ScanAsync(project, "--connect-mcp", "--format", "html", "--no-store");

        Assert.Equal(0, json.ExitCode);
        Assert.Contains("executing for MCP server 'hostile'", json.Error, StringComparison.Ordinal);
        var ids = JsonDocument.Parse(json.Out).RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).ToHashSet();
        Assert.Contains("CCA301", ids);
        Assert.Contains("CCA302", ids);
        Assert.Contains("&lt;IMPORTANT&gt;", html.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("<IMPORTANT>", html.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutConnectMcp_NothingIsStarted()
    {
        var marker = _dir.Combine("started");
        _dir.Write(Path.Combine("proj", ".mcp.json"), JsonSerializer.Serialize(new { mcpServers = new { trap = new { command = "sh", args = new[] { "-c", $"touch {marker}" } } } }));

        var result = await ScanAsync(_dir.Combine("proj"), "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task ConnectMcp_TwoAudits_ReportTheRugPullFromTheStoredPins()
    {
        var state = _dir.Combine("rugpull-state");
        var project = Project("rugpull", state);

        await ScanAsync(project, "--connect-mcp", "--format", "json");
        var second = await ScanAsync(project, "--connect-mcp", "--format", "json");

        var rugPull = JsonDocument.Parse(second.Out).RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("ruleId").GetString() == "CCA308");
        Assert.Contains("~/.aws/credentials", rugPull.GetProperty("evidence").GetProperty("diff").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectMcp_TwoAudits_DriftShowsTheToolWhoseHashChanged()
    {
        var state = _dir.Combine("rugpull-state");
        var project = Project("rugpull", state);
        await ScanAsync(project, "--connect-mcp", "--format", "json");
        var second = await ScanAsync(project, "--connect-mcp", "--format", "json");

        Assert.NotEmpty(JsonDocument.Parse(second.Out).RootElement.GetProperty("mcpPins").EnumerateArray());
        var drift = await CliRunner.RunAsync("drift", "--store", _dir.Combine("store.db"), "--format", "json");

        Assert.Equal(0, drift.ExitCode);
        var tools = JsonDocument.Parse(drift.Out).RootElement.GetProperty("changes").EnumerateArray()
            .Where(c => c.GetProperty("area").GetString() == "mcp-tool").ToList();
        var change = Assert.Single(tools);
        Assert.Equal("changed", change.GetProperty("kind").GetString());
        Assert.EndsWith(":hostile", change.GetProperty("subject").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task McpList_ShowsEveryScopeWithLoadState()
    {
        using var fixture = new FixtureHome();

        var result = await CliRunner.RunAsync("mcp", "list", "--home", fixture.Home, "--managed-dir", fixture.Managed, "--path-map", $"{FixtureHome.RecordedHome}={fixture.Home}", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var rows = JsonDocument.Parse(result.Out).RootElement.EnumerateArray().ToList();
        Assert.Contains(rows, r => r.GetProperty("name").GetString() == "fetcher" && r.GetProperty("loads").GetString() == "PendingApproval");
        Assert.Contains(rows, r => r.GetProperty("name").GetString() == "db" && r.GetProperty("scope").GetString() == "local");
        Assert.DoesNotContain("correct-horse-battery-staple", result.Out, StringComparison.Ordinal);
    }
}
