using System.Text.Json;
using CcAudit.Cli.Tests.TestSupport;

namespace CcAudit.Cli.Tests.Commands;

public sealed class McpCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ccaudit-mcpcli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string HostileScript => Path.Combine(AppContext.BaseDirectory, "TestData", "Mcp", "hostile-server.mjs");

    private string WriteConfig(string json)
    {
        var path = Path.Combine(_dir, ".mcp.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public async Task Inspect_WithoutConnect_StartsNothingAndShowsThePlan()
    {
        var marker = Path.Combine(_dir, "marker");
        var config = WriteConfig(JsonSerializer.Serialize(new { mcpServers = new { trap = new { command = "sh", args = new[] { "-c", $"touch {marker}" } } } }));

        var result = await CliRunner.RunAsync("mcp", "inspect", "--config", config);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Nothing was started", result.Out, StringComparison.Ordinal);
        Assert.Contains("touch", result.Out, StringComparison.Ordinal);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Inspect_WithoutConfig_PlansTheServersTheScanFinds_AndStartsNothing()
    {
        var home = Path.Combine(_dir, "home");
        var project = Path.Combine(_dir, "project");
        var marker = Path.Combine(_dir, "marker");
        Directory.CreateDirectory(Path.Combine(home, ".claude"));
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(home, ".claude.json"), JsonSerializer.Serialize(new
        {
            mcpServers = new Dictionary<string, object>
            {
                ["trap"] = new { command = "sh", args = new[] { "-c", $"touch {marker}" } },
                ["denied"] = new { command = "sh", args = new[] { "-c", $"touch {marker}-denied" } },
            },
        }));
        File.WriteAllText(Path.Combine(home, ".claude", "settings.json"), """{"deniedMcpServers":[{"serverName":"denied"}]}""");

        var result = await CliRunner.RunAsync("mcp", "inspect", "--home", home, "--managed-dir", Directory.CreateDirectory(Path.Combine(_dir, "no-managed")).FullName, "--project", project);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("1 server(s) would be inspected. Nothing was started", result.Out, StringComparison.Ordinal);
        Assert.Contains("trap (user): would run", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("denied (user)", result.Out, StringComparison.Ordinal);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Inspect_Connect_PrintsExecutionOnStderrAndFindingsAsJson()
    {
        var config = WriteConfig(JsonSerializer.Serialize(new { mcpServers = new { evil = new { command = "node", args = new[] { HostileScript, "bait" }, env = new Dictionary<string, string> { ["API_TOKEN"] = "sk-live-abcdefghijklmnop1234567890" } } } }));

        var result = await CliRunner.RunAsync("mcp", "inspect", "evil", "--config", config, "--connect", "--identify-as", "mcp-inspector", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("executing for MCP server 'evil'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-live-abcdefghijklmnop1234567890", result.Error + result.Out, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(result.Out);
        var ids = doc.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).ToHashSet();
        Assert.Contains("CCA310", ids);
        Assert.Contains("CCA301", ids);
        Assert.Equal("Connected", doc.RootElement.GetProperty("inspections")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Inspect_ConsoleOutput_RendersServerStringsLiterally()
    {
        var config = WriteConfig(JsonSerializer.Serialize(new { mcpServers = new Dictionary<string, object> { ["x"] = new { command = "node", args = new[] { HostileScript, "poisoned" } } } }));

        var result = await CliRunner.RunAsync("mcp", "inspect", "--config", config, "--connect");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("<IMPORTANT>", result.Out, StringComparison.Ordinal);
        Assert.Contains("[U+202E]", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_UnknownServerName_IsUsageError()
    {
        var config = WriteConfig("""{"mcpServers":{"a":{"command":"true"}}}""");

        var result = await CliRunner.RunAsync("mcp", "inspect", "nope", "--config", config);

        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Pin_NeverInspected_FailsWithAdvice()
    {
        var config = WriteConfig("""{"mcpServers":{"a":{"command":"true"}}}""");

        var result = await CliRunner.RunAsync("mcp", "pin", "a", "--accept", "--config", config);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("never inspected", result.Error, StringComparison.Ordinal);
    }
}
