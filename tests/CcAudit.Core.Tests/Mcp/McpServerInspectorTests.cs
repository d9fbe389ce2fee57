using System.Diagnostics;
using CcAudit.Core.Mcp;
using CcAudit.Core.Mcp.Checks;
using CcAudit.Core.Mcp.Inspection;

namespace CcAudit.Core.Tests.Mcp;

public sealed class McpServerInspectorTests
{
    private static readonly McpInspectionOptions Fast = new() { StartTimeout = TimeSpan.FromSeconds(15), RequestTimeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Inspect_RealEverythingServerOverStdio_ListsToolsPromptsResources()
    {
        var inspector = new McpServerInspector(Fast);
        McpLaunchPlan? shown = null;

        var result = await inspector.InspectAsync(McpTestServers.Stdio("everything", "node", [McpTestServers.EverythingScript]), plan => shown = plan, TestContext.Current.CancellationToken);

        Assert.Equal(McpInspectionStatus.Connected, result.Status);
        Assert.Contains(result.Tools, t => t.Name == "echo");
        Assert.NotEmpty(result.Prompts);
        Assert.NotEmpty(result.Resources);
        Assert.False(string.IsNullOrEmpty(result.ServerName));
        Assert.NotNull(shown);
        Assert.True(shown!.NetworkIsolated);
        Assert.Contains("unshare", shown.Display, StringComparison.Ordinal);
        Assert.Contains(McpTestServers.EverythingScript, shown.Display, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_RealFilesystemServer_ListsItsTools()
    {
        var root = Directory.CreateTempSubdirectory("ccaudit-fs-").FullName;
        try
        {
            var result = await new McpServerInspector(Fast).InspectAsync(McpTestServers.Stdio("filesystem", "node", [McpTestServers.FilesystemScript, root]), cancellationToken: TestContext.Current.CancellationToken);

            Assert.Equal(McpInspectionStatus.Connected, result.Status);
            Assert.Contains(result.Tools, t => t.Name == "read_text_file" || t.Name == "read_file");
            Assert.Contains(result.Tools, t => t.Name == "write_file");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Inspect_RealFilesystemServerAllowedRoot_IsOverBroad_ButATempDirectoryIsNot()
    {
        var root = Directory.CreateTempSubdirectory("ccaudit-fs-").FullName;
        try
        {
            var inspector = new McpServerInspector(Fast);
            var wide = await inspector.InspectAsync(McpTestServers.Stdio("fs-root", "node", [McpTestServers.FilesystemScript, "/"]), cancellationToken: TestContext.Current.CancellationToken);
            var narrow = await inspector.InspectAsync(McpTestServers.Stdio("fs-temp", "node", [McpTestServers.FilesystemScript, root]), cancellationToken: TestContext.Current.CancellationToken);

            var overBroad = McpContentAnalyzer.Analyze([wide, narrow]).Where(f => f.RuleId == McpCheckIds.OverBroadCapability).ToList();

            Assert.True(wide.Connected, wide.Error);
            Assert.True(narrow.Connected, narrow.Error);
            Assert.Equal("/", Assert.Single(overBroad, f => f.Subject!.StartsWith("fs-root/", StringComparison.Ordinal)).Evidence!["argument"]);
            Assert.DoesNotContain(overBroad, f => f.Subject!.StartsWith("fs-temp/", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("streamableHttp", "/mcp", McpTransport.Http)]
    [InlineData("sse", "/sse", McpTransport.Sse)]
    public async Task Inspect_RealEverythingServerOverHttp_ListsTools(string serverTransport, string path, McpTransport transport)
    {
        var (process, port) = await McpTestServers.StartEverythingHttpAsync(serverTransport);
        try
        {
            var result = await new McpServerInspector(Fast).InspectAsync(McpTestServers.Remote("everything-" + serverTransport, transport, $"http://127.0.0.1:{port}{path}"), cancellationToken: TestContext.Current.CancellationToken);

            Assert.True(result.Connected, result.Error);
            Assert.Contains(result.Tools, t => t.Name == "echo");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Inspect_StdioServer_SeesOnlyTheVariablesItsConfigNames()
    {
        Environment.SetEnvironmentVariable("CCAUDIT_TEST_PARENT_SECRET", "must-not-leak");
        var server = McpTestServers.Stdio("envleak", "node", [McpTestServers.HostileScript, "envleak"], new Dictionary<string, string> { ["CONFIGURED_VAR"] = "x" });

        var result = await new McpServerInspector(Fast).InspectAsync(server, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.Connected, result.Error);
        var seen = result.Instructions!["ENV:".Length..].Split(',');
        Assert.Contains("CONFIGURED_VAR", seen);
        Assert.DoesNotContain("CCAUDIT_TEST_PARENT_SECRET", seen);
        Assert.All(seen, name => Assert.Contains(name, new[] { "CONFIGURED_VAR", "PATH", "HOME", "TMPDIR", "LANG", "PWD", "SHLVL", "_" }));
    }

    [Fact]
    public async Task Inspect_HangingServer_TimesOutWithinBudget()
    {
        var options = Fast with { StartTimeout = TimeSpan.FromSeconds(3) };
        var watch = Stopwatch.StartNew();

        var result = await new McpServerInspector(options).InspectAsync(McpTestServers.Hostile("hang"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(McpInspectionStatus.TimedOut, result.Status);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
        Assert.Equal(McpCheckIds.InspectionFailed, McpBehaviourChecks.ForFailure(result)!.RuleId);
    }

    [Fact]
    public async Task Inspect_ServerStallingAfterStart_TimesOutPerRequest_AndIsStopped()
    {
        // A generous start budget and a short request budget: only the per-request timeout can end this in time.
        var options = Fast with { StartTimeout = TimeSpan.FromSeconds(20), RequestTimeout = TimeSpan.FromSeconds(2) };
        var server = McpTestServers.Hostile("stall", "run-" + Guid.NewGuid().ToString("N"));
        var watch = Stopwatch.StartNew();

        var result = await new McpServerInspector(options).InspectAsync(server, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(McpInspectionStatus.TimedOut, result.Status);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(18), $"took {watch.Elapsed}");

        // Nothing of the server may outlive the inspection.
        using var pgrep = Process.Start(new ProcessStartInfo("pgrep", ["-f", server.Args[^1]]) { RedirectStandardOutput = true })!;
        var survivors = await pgrep.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await pgrep.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(survivors.Length == 0, $"still running: {survivors}");
    }

    [Fact]
    public async Task Inspect_CrashingServer_IsCrashedWithStderr()
    {
        var result = await new McpServerInspector(Fast).InspectAsync(McpTestServers.Hostile("crash"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(McpInspectionStatus.Crashed, result.Status);
        Assert.Contains("crashing on purpose", result.StderrExcerpt, StringComparison.Ordinal);
        Assert.NotNull(McpBehaviourChecks.ForFailure(result));
    }

    [Theory]
    [InlineData("flood")]
    [InlineData("oversized")]
    [InlineData("garbage")]
    public async Task Inspect_MisbehavingServer_FailsBoundedInTimeAndMemory(string mode)
    {
        var options = Fast with { StartTimeout = TimeSpan.FromSeconds(4), RequestTimeout = TimeSpan.FromSeconds(4), MaxOutputBytes = 1024 * 1024 };
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();

        var result = await new McpServerInspector(options).InspectAsync(McpTestServers.Hostile(mode), cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEqual(McpInspectionStatus.Connected, result.Status);
        Assert.NotEqual(McpInspectionStatus.Refused, result.Status);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        Assert.True(GC.GetTotalMemory(forceFullCollection: true) - before < 64L * 1024 * 1024);
    }

    [Fact]
    public async Task Inspect_WithoutUsableNamespace_RefusesAndRunsNothing()
    {
        var options = Fast with { UnsharePath = "/nonexistent/unshare" };
        var launched = false;

        var result = await new McpServerInspector(options).InspectAsync(McpTestServers.Hostile("benign"), _ => launched = true, TestContext.Current.CancellationToken);

        Assert.Equal(McpInspectionStatus.Refused, result.Status);
        Assert.False(launched);
        Assert.Contains("--allow-network", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_UnsupportedTransport_IsRefused()
    {
        var server = McpTestServers.Remote("ws", McpTransport.WebSocket, "wss://example.invalid/ws");

        var result = await new McpServerInspector(Fast).InspectAsync(server, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(McpInspectionStatus.Refused, result.Status);
    }
}
