using System.Text.Json;
using CcAudit.Cli.Tests.TestSupport;

namespace CcAudit.Cli.Tests.Commands;

/// <summary>User-scope servers of a home nobody launched Claude Code from yet: audited, and decided once for scan and mcp list.</summary>
public sealed class HomeMcpServersTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ccaudit-home-mcp-").FullName;

    public HomeMcpServersTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "home", ".claude"));
        Directory.CreateDirectory(Path.Combine(_root, "managed"));
        File.WriteAllText(Path.Combine(_root, "home", ".claude.json"),
            """{"mcpServers":{"gh":{"command":"npx","args":["-y","@modelcontextprotocol/server-github"],"env":{"GITHUB_TOKEN":"ghp_aaaaBBBBccccDDDDeeeeFFFFgggg12345678"}}}}""");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string[] Machine(params string[] verb) => [.. verb, "--home", Path.Combine(_root, "home"), "--managed-dir", Path.Combine(_root, "managed")];

    [Fact]
    public async Task UserServer_WithNoLaunchDirectory_IsListedAndAudited()
    {
        var scan = await CliRunner.RunAsync(Machine("scan", "--no-store", "--format", "json"));
        var list = await CliRunner.RunAsync(Machine("mcp", "list", "--format", "json"));

        using var report = JsonDocument.Parse(scan.Out);
        Assert.Contains(report.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "CCA103");
        Assert.DoesNotContain("ghp_aaaaBBBB", scan.Out + list.Out, StringComparison.Ordinal);
        using var rows = JsonDocument.Parse(list.Out);
        var row = Assert.Single(rows.RootElement.EnumerateArray());
        Assert.Equal(("gh", "Loads"), (row.GetProperty("name").GetString(), row.GetProperty("loads").GetString()));
    }

    [Fact]
    public async Task ManagedDenial_IsTheSameAnswer_InScanAndMcpList()
    {
        File.WriteAllText(Path.Combine(_root, "managed", "managed-settings.json"), """{"deniedMcpServers":[{"serverName":"gh"}]}""");

        var scan = await CliRunner.RunAsync(Machine("scan", "--no-store", "--format", "json"));
        var list = await CliRunner.RunAsync(Machine("mcp", "list", "--format", "json"));

        using var report = JsonDocument.Parse(scan.Out);
        var server = Assert.Single(report.RootElement.GetProperty("inventory").GetProperty("mcpServers").EnumerateArray());
        Assert.Equal("blocked-by-policy", server.GetProperty("loadState").GetString());
        using var rows = JsonDocument.Parse(list.Out);
        Assert.Equal("BlockedByPolicy", Assert.Single(rows.RootElement.EnumerateArray()).GetProperty("loads").GetString());
    }
}
