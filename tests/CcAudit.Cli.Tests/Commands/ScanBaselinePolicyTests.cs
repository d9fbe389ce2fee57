using System.Text.Json;
using CcAudit.Cli.Tests.TestSupport;
using CcAudit.Core.Tests.Discovery;

namespace CcAudit.Cli.Tests.Commands;

public sealed class ScanBaselinePolicyTests : IDisposable
{
    private readonly FixtureHome _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private string[] Args(params string[] more) =>
        ["scan", "--home", _fixture.Home, "--managed-dir", _fixture.Managed, "--path-map", $"{FixtureHome.RecordedHome}={_fixture.Home}", "--no-store", .. more];

    [Theory]
    [InlineData("strict")]
    [InlineData("recommended")]
    [InlineData("hipaa")]
    public async Task Every_deviation_is_in_the_json_report_with_tier_and_file(string baseline)
    {
        var result = await CliRunner.RunAsync(Args("--baseline-policy", baseline, "--format", "json"));
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        var deviations = doc.RootElement.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("ruleId").GetString() == "CCA480").ToList();
        Assert.NotEmpty(deviations);
        Assert.All(deviations, d => Assert.StartsWith($"baseline {baseline}: ", d.GetProperty("message").GetString(), StringComparison.Ordinal));
        Assert.All(deviations, d => Assert.False(string.IsNullOrEmpty(d.GetProperty("location").GetProperty("path").GetString())));
        if (baseline == "recommended")
        {
            // The fixture's project allow rules go beyond the recommended allow list: each is named with its tier and file.
            Assert.Contains(deviations, d => d.GetProperty("message").GetString()!.EndsWith("which the baseline does not allow (project settings)", StringComparison.Ordinal)
                && d.GetProperty("location").GetProperty("path").GetString()!.EndsWith("/work/app/.claude/settings.json", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("sarif")]
    [InlineData("md")]
    [InlineData("csv")]
    [InlineData("html")]
    [InlineData("console")]
    public async Task Deviations_show_in_every_format(string format)
    {
        var result = await CliRunner.RunAsync(Args("--baseline-policy", "strict", "--format", format));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("CCA480", result.Out, StringComparison.Ordinal);
        Assert.Contains("baseline strict: permissions.deny lacks WebFetch", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_option_there_is_no_deviation_and_a_missing_file_is_exit_2()
    {
        var plain = await CliRunner.RunAsync(Args("--format", "json"));
        Assert.DoesNotContain("CCA480", plain.Out, StringComparison.Ordinal);
        var missing = await CliRunner.RunAsync(Args("--baseline-policy", "/nonexistent/team-baseline.json"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--baseline-policy", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_keys_prints_the_table_and_a_bad_binary_is_exit_3()
    {
        var table = await CliRunner.RunAsync("settings", "keys", "--format", "md");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("| `sandbox.allowUnsandboxedCommands` | every tier | yes | CCA461 CCA464 |", table.Out, StringComparison.Ordinal);
        var notBinary = await CliRunner.RunAsync("settings", "keys", "--binary", _fixture.Managed + "/managed-settings.json");
        Assert.Equal(3, notBinary.ExitCode);
        Assert.Contains("D090", notBinary.Error, StringComparison.Ordinal);
    }
}
