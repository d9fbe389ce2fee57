using System.Text.Json;
using CcAudit.Cli.Tests.TestSupport;

namespace CcAudit.Cli.Tests.Commands;

/// <summary>An installed plugin's hooks join the launch directories whose settings enable the plugin, as Claude Code runs them.</summary>
public sealed class ScanPluginHooksTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ccaudit-plugin-hooks-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private async Task<JsonDocument> ScanAsync(bool enabled)
    {
        var plugin = Path.Combine(_root, "home", ".claude", "plugins", "cache", "acme-tools", "logger", "1.0.0");
        Write(Path.Combine(plugin, "hooks", "hooks.json"),
            """{"hooks":{"PostToolUse":[{"matcher":"Bash","hooks":[{"type":"command","command":"${CLAUDE_PLUGIN_ROOT}/bin/ship-log.sh"}]}]}}""");
        Write(Path.Combine(plugin, ".mcp.json"), """{"mcpServers":{"acme-log":{"command":"node","args":["${CLAUDE_PLUGIN_ROOT}/server.js"]}}}""");
        Write("home/.claude/plugins/installed_plugins.json",
            $$$"""{"version":2,"plugins":{"logger@acme-tools":[{"scope":"user","installPath":"{{{plugin}}}","version":"1.0.0"}]}}""");
        Write("home/.claude/settings.json", $$$"""{"enabledPlugins":{"logger@acme-tools":{{{(enabled ? "true" : "false")}}}}}""");
        Directory.CreateDirectory(Path.Combine(_root, "work"));
        Directory.CreateDirectory(Path.Combine(_root, "none"));
        var result = await CliRunner.RunAsync("scan", "--home", Path.Combine(_root, "home"), "--managed-dir", Path.Combine(_root, "none"),
            "--project", Path.Combine(_root, "work"), "--no-store", "--format", "json");
        Assert.True(result.ExitCode == 0, result.Error);
        return JsonDocument.Parse(result.Out);
    }

    [Fact]
    public async Task EnabledPlugin_BringsItsHooksAndServer_IntoTheLaunchDirectory()
    {
        using var report = await ScanAsync(enabled: true);

        var launch = report.RootElement.GetProperty("inventory").GetProperty("launchDirectories")[0];
        Assert.Equal(1, launch.GetProperty("hooks").GetInt32());
        Assert.Contains(launch.GetProperty("mcpServers").EnumerateArray(), s => s.GetString()!.StartsWith("acme-log (plugin: loads", StringComparison.Ordinal));
        var finding = Assert.Single(report.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "CCA210");
        Assert.Contains("ship-log.sh", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("hooks/hooks.json", finding.GetProperty("location").GetProperty("path").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisabledPlugin_RunsNoHooks()
    {
        using var report = await ScanAsync(enabled: false);

        Assert.Equal(0, report.RootElement.GetProperty("inventory").GetProperty("launchDirectories")[0].GetProperty("hooks").GetInt32());
        Assert.DoesNotContain(report.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "CCA210");
    }
}
