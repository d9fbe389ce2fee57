using System.Text.Json;
using CcAudit.Cli.Tests.TestSupport;
using CcAudit.Core.Tests.Discovery;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Cli.Tests.Commands;

public sealed class PermissionsCommandsTests
{
    [Fact]
    public async Task Eval_WritesOneAnswerPerCase_AndSurvivesMalformedLines()
    {
        using var dir = new TempDir();
        var cases = dir.Write("cases.jsonl", string.Join('\n',
            """{"id":"a","mode":"default","trusted":true,"home":"/home/dev","cwd":"/srv/app","addDirs":[],"settings":{"user":{"permissions":{"deny":["Bash(git push *)"]}}},"tool":"Bash","input":{"command":"git push origin main"}}""",
            "{ not json",
            """{"id":"c","mode":"dontAsk","trusted":true,"home":"/home/dev","cwd":"/srv/app","settings":{},"tool":"Bash","input":{"command":"npm test"}}"""));
        var output = dir.Combine("out.jsonl");

        var result = await CliRunner.RunAsync("permissions", "eval", "--cases", cases, "--output", output);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("malformed case", result.Error, StringComparison.Ordinal);
        var lines = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal(("a", "deny", "Bash(git push *)", "user"), (lines[0].GetProperty("id").GetString(), lines[0].GetProperty("decision").GetString(), lines[0].GetProperty("rule").GetString(), lines[0].GetProperty("source").GetString()));
        Assert.Equal(JsonValueKind.Null, lines[1].GetProperty("decision").ValueKind);
        Assert.Equal("deny", lines[2].GetProperty("decision").GetString());
        Assert.Equal(JsonValueKind.Null, lines[2].GetProperty("rule").ValueKind);
    }

    [Fact]
    public async Task Explain_UsesTheRealSettingsFilesOfTheLaunchDirectory()
    {
        using var fixture = new FixtureHome();

        var result = await CliRunner.RunAsync("permissions", "explain", "--cwd", fixture.App, "--home", fixture.Home, "--managed-dir", fixture.Managed, "--format", "json", "Bash(git push origin main)");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        var decision = doc.RootElement.GetProperty("decision");
        Assert.Equal("ask", decision.GetProperty("decision").GetString());
        Assert.Equal("Bash(git push origin main)", decision.GetProperty("rule").GetString());
        Assert.Equal("project", decision.GetProperty("source").GetString());
        Assert.EndsWith("/work/app/.claude/settings.json", decision.GetProperty("location").GetProperty("path").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_Console_SaysWhy()
    {
        using var fixture = new FixtureHome();

        var result = await CliRunner.RunAsync("permissions", "explain", "--cwd", fixture.App, "--home", fixture.Home, "--managed-dir", fixture.Managed, "Bash(rm -rf dist)");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("DENY: Bash", result.Out, StringComparison.Ordinal);
        Assert.Contains("rule Bash(rm -rf *) (managed settings", result.Out, StringComparison.Ordinal);
    }
}
