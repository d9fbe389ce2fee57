using System.Text.Json;
using CcAudit.Cli.Tests.TestSupport;

namespace CcAudit.Cli.Tests.Commands;

public sealed class RulesCommandsTests
{
    [Fact]
    public async Task RulesList_Json_ListsEveryRuleWithTexts()
    {
        var result = await CliRunner.RunAsync("rules", "list", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var rules = JsonDocument.Parse(result.Out).RootElement.EnumerateArray().ToList();
        Assert.True(rules.Count >= 40);
        Assert.All(rules, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("remediation").GetString())));
    }

    [Fact]
    public async Task RulesList_Console_ShowsIdsAndTitles()
    {
        var result = await CliRunner.RunAsync("rules", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("CCA204", result.Out, StringComparison.Ordinal);
        Assert.Contains("Repository settings redirect the Anthropic API", result.Out, StringComparison.Ordinal);
    }
}
