using CcAudit.Core.Mcp;
using CcAudit.Core.Mcp.Inspection;

namespace CcAudit.Core.Tests.Mcp;

public sealed class McpLaunchPlannerTests
{
    [Fact]
    public void Plan_Default_IsolatesNetworkCapsOutputAndKillsOnTimeout()
    {
        var server = McpTestServers.Stdio("s", "npx", ["-y", "some-server", "--api-key", "sk-live-abcdefghijklmnopqrstuvwx", "TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789"]);

        var plan = McpLaunchPlanner.Plan(server, new McpInspectionOptions(), "/tmp/sbx", unshareUsable: true).Value!;

        Assert.True(plan.NetworkIsolated);
        Assert.Equal("/usr/bin/unshare", plan.FileName);
        Assert.Contains("--net", plan.Arguments);
        Assert.Contains("KILL", plan.Arguments);
        Assert.Contains(plan.Arguments, a => a.Contains("count_bytes", StringComparison.Ordinal));
        Assert.DoesNotContain("sk-live-abcdefghijklmnopqrstuvwx", plan.Display, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_abcdefghijklmnopqrstuvwxyz0123456789", plan.Display, StringComparison.Ordinal);
        Assert.Contains("npx", plan.Display, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_AllowNetwork_RunsWithoutNamespace()
    {
        var plan = McpLaunchPlanner.Plan(McpTestServers.Stdio("s", "node", ["x.js"]), new McpInspectionOptions { AllowNetwork = true }, "/tmp/sbx", unshareUsable: false).Value!;

        Assert.False(plan.NetworkIsolated);
        Assert.Equal("timeout", plan.FileName);
    }

    [Fact]
    public void Plan_NoNamespaceAndNoOptIn_IsRefused()
    {
        var result = McpLaunchPlanner.Plan(McpTestServers.Stdio("s", "node", ["x.js"]), new McpInspectionOptions(), "/tmp/sbx", unshareUsable: false);

        Assert.Null(result.Value);
        Assert.Contains("--allow-network", result.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildEnvironment_HoldsOnlyConfiguredAndBaseVariables_AndLeavesReferencesLiteral()
    {
        var server = McpTestServers.Stdio("s", "node", [], new Dictionary<string, string> { ["GITHUB_TOKEN"] = "${GITHUB_TOKEN}" });

        var env = McpLaunchPlanner.BuildEnvironment(server, new McpInspectionOptions { SearchPath = "/usr/bin" }, "/tmp/sbx");

        Assert.Equal(["GITHUB_TOKEN", "HOME", "LANG", "PATH", "TMPDIR"], env.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("${GITHUB_TOKEN}", env["GITHUB_TOKEN"]);
        Assert.Equal("/tmp/sbx", env["HOME"]);
    }

    [Fact]
    public void Plan_RemoteServer_IsNotLaunchable()
    {
        var result = McpLaunchPlanner.Plan(McpTestServers.Remote("r", McpTransport.Http, "https://x.invalid/mcp"), new McpInspectionOptions(), "/tmp", true);

        Assert.Null(result.Value);
    }
}
