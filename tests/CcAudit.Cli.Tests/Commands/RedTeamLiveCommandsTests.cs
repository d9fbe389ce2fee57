using System.Text.Json;
using System.Text.RegularExpressions;
using CcAudit.Cli.Tests.TestSupport;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Cli.Tests.Commands;

/// <summary><c>ccaudit redteam --live</c> end to end, on the real binary (root and the jail, as in CI).</summary>
public sealed partial class RedTeamLiveCommandsTests : IDisposable
{
    private const string Token = "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";

    private readonly string _root = Directory.CreateTempSubdirectory("ccaudit-redteam-live-cli-").FullName;

    public RedTeamLiveCommandsTests()
    {
        Write("project/.env", $"GITHUB_TOKEN={Token}\n");
        Write("project/README.md", "# Demo\n");
        Write(
            "project/.claude/settings.json",
            """{"permissions":{"allow":["Bash(git push:*)","Bash(python3 -c:*)"],"deny":["Bash(curl:*)"]}}""");
        Write("home/.claude/settings.json", "{}");
    }

    private string Project => Path.Combine(_root, "project");

    private string Home => Path.Combine(_root, "home");

    [GeneratedRegex("sk-ccaudit-canary-[0-9a-f]{32}|ghp_[0-9a-f]{32}")]
    private static partial Regex CanaryValue();

    private static Dictionary<string, string?> Environment(string? claude = null) => new()
    {
        ["XDG_DATA_HOME"] = CliRunner.DataHome,
        ["CCAUDIT_CLAUDE_BIN"] = claude ?? TestEnvironment.ClaudeBinary,
        ["PATH"] = System.Environment.GetEnvironmentVariable("PATH"),
    };

    [Fact]
    public async Task Live_Json_AddsTheLivePass_AndSarifHoldsTheInjectionFinding_NeverASecret()
    {
        var json = await CliRunner.RunAsync(Environment(), "redteam", "--cwd", Project, "--home", Home, "--live", "--live-max", "6",
            "--format", "json");
        var sarif = await CliRunner.RunAsync(Environment(), "redteam", "--cwd", Project, "--home", Home, "--live", "--live-max", "2",
            "--format", "sarif", "--fail-on", "high");

        Assert.True(json.ExitCode == 0, json.Error);
        using var document = JsonDocument.Parse(json.Out);
        Assert.True(document.RootElement.GetProperty("launches")[0].GetProperty("probes").GetArrayLength() > 0);
        var live = document.RootElement.GetProperty("live").GetProperty("launches")[0];
        Assert.True(live.GetProperty("selfCheckPassed").GetBoolean());
        Assert.Equal(6, live.GetProperty("played").GetInt32());
        var push = live.GetProperty("probes").EnumerateArray().First(p => p.GetProperty("call").GetString()!.StartsWith("Bash(git push",
            StringComparison.Ordinal));
        Assert.Equal(("allow", "allow"), (push.GetProperty("engine").GetString(), push.GetProperty("binary").GetString()));
        Assert.Contains(live.GetProperty("injections").EnumerateArray(), i => i.GetProperty("channel").GetString() == "fetched page"
            && i.GetProperty("wentThrough").GetBoolean());
        Assert.Equal(1, sarif.ExitCode);
        Assert.Contains("\"CCA713\"", sarif.Out, StringComparison.Ordinal);
        Assert.Contains("\"CCA701\"", sarif.Out, StringComparison.Ordinal);
        foreach (var text in new[] { json.Out, json.Error, sarif.Out, sarif.Error })
        {
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
            Assert.DoesNotMatch(CanaryValue(), text);
        }
    }

    [Fact]
    public async Task Live_WhereItCannotRun_IsExit2WithTheReason_AndItsOptionsNeedIt()
    {
        var missing = await CliRunner.RunAsync(Environment(Path.Combine(_root, "no-claude")), "redteam", "--cwd", Project, "--home", Home,
            "--live");
        var orphan = await CliRunner.RunAsync(Environment(), "redteam", "--cwd", Project, "--home", Home, "--live-max", "3");
        var badUrl = await CliRunner.RunAsync(Environment(), "redteam", "--cwd", Project, "--home", Home, "--live", "--model-endpoint",
            "ftp://x");
        var noKey = await CliRunner.RunAsync(Environment(), "redteam", "--cwd", Project, "--home", Home, "--live", "--model-endpoint",
            "https://api.example/");

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("redteam --live cannot run: no Claude Code binary at", missing.Error, StringComparison.Ordinal);
        Assert.Empty(missing.Out);
        Assert.Equal(2, orphan.ExitCode);
        Assert.Equal(2, badUrl.ExitCode);
        Assert.Contains("not an http(s) URL", badUrl.Error, StringComparison.Ordinal);
        Assert.Equal(2, noKey.ExitCode);
        Assert.Contains("ANTHROPIC_API_KEY", noKey.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Live_WithARangeThatFailsItsSelfCheck_IsExit3AndSaysWhy()
    {
        var fake = Path.Combine(Directory.CreateDirectory("/var/tmp/ccaudit-live-cli-fake").FullName,
            "claude-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(fake, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(fake,
            UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var result = await CliRunner.RunAsync(Environment(fake), "redteam", "--cwd", Project, "--home", Home, "--live", "--live-max", "2");
        File.Delete(fake);

        Assert.Equal(3, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Contains("failed its self-check", result.Error, StringComparison.Ordinal);
        Assert.Contains("known-good run is valid: no system/init record", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
