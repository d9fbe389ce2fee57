using System.Text.Json;
using CcAudit.Cli.Tests.TestSupport;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Cli.Tests.Commands;

public sealed class PermissionsOracleCommandsTests
{
    [Fact]
    public async Task Generate_ThenOracle_ThenEval_OnTheRealBinary()
    {
        using var dir = new TempDir();
        var cases = dir.Combine("gen.jsonl");
        var truth = dir.Combine("truth.jsonl");
        var answers = dir.Combine("answers.jsonl");

        var generated = await CliRunner.RunAsync("permissions", "generate", "--seed", "11", "--scenarios", "2", "--probes", "12", "--output", cases);
        var again = await CliRunner.RunAsync("permissions", "generate", "--seed", "11", "--scenarios", "2", "--probes", "12");
        var oracle = await CliRunner.RunAsync(
            new Dictionary<string, string?> { ["XDG_DATA_HOME"] = CliRunner.DataHome, ["CCAUDIT_CLAUDE_BIN"] = TestEnvironment.ClaudeBinary },
            "permissions", "oracle", "--cases", cases, "--output", truth, "--runs", "/var/tmp/ccaudit-oracle-cli-tests");
        var eval = await CliRunner.RunAsync("permissions", "eval", "--cases", truth, "--output", answers);

        Assert.Equal((0, 0, 0, 0), (generated.ExitCode, again.ExitCode, oracle.ExitCode, eval.ExitCode));
        Assert.Equal(File.ReadAllText(cases), again.Out);
        Assert.Contains("oracle: 24 cases in", oracle.Error, StringComparison.Ordinal);
        var decided = File.ReadAllLines(truth).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(24, decided.Count);
        Assert.All(decided, c => Assert.True(c.GetProperty("oracle").GetProperty("class").GetString() is "allow" or "ask" or "deny" or "invalid"));
        Assert.All(decided.Where(c => c.TryGetProperty("expect", out _)), c => Assert.Equal(c.GetProperty("oracle").GetProperty("class").GetString(), c.GetProperty("expect").GetString()));
        Assert.Equal(24, File.ReadAllLines(answers).Length);
    }

    [Fact]
    public async Task Oracle_WithoutTheBinary_FailsWithTheReason()
    {
        using var dir = new TempDir();
        var cases = dir.Write("c.jsonl", """{"id":"a","home":"/home/dev","cwd":"/srv/app","tool":"Bash","input":{"command":"ls"}}""");

        var result = await CliRunner.RunAsync("permissions", "oracle", "--cases", cases, "--claude", dir.Combine("no-such-claude"));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("no Claude Code binary at", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Theory]
    [InlineData("--scenarios", "0")]
    [InlineData("--probes", "5000")]
    public async Task Generate_RejectsOutOfRangeSizes(string option, string value)
    {
        var result = await CliRunner.RunAsync("permissions", "generate", option, value);

        Assert.Equal(2, result.ExitCode);
    }
}
