using CcAudit.Cli.Tests.TestSupport;

namespace CcAudit.Cli.Tests;

public sealed class CliAppTests
{
    [Fact]
    public async Task Version_PrintsToolAndModelledClaudeCodeVersion()
    {
        var result = await CliRunner.RunAsync("version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^ccaudit \d+\.\d+\.\d+ \(models Claude Code 2\.1\.328\)", result.Out);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task UnknownVerb_IsUsageErrorOnStderr()
    {
        var result = await CliRunner.RunAsync("no-such-verb");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Contains("no-such-verb", result.Error, StringComparison.Ordinal);
    }
}
