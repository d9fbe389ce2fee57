using System.Text.Json;
using CcAudit.Cli.Tests.TestSupport;

namespace CcAudit.Cli.Tests.Commands;

/// <summary>Shell profiles: only assignments name Claude homes; credentials and bypass aliases in them are findings without --reach.</summary>
public sealed class ShellProfileTests : IDisposable
{
    private const string Key = "sk-ant-api03-Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXcVbNmQwErTy";
    private readonly string _root = Directory.CreateTempSubdirectory("ccaudit-profile-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Profile_CredentialAndBypassAlias_AreFindings_AndAnEchoIsNoHome()
    {
        var home = Path.Combine(_root, "home");
        Directory.CreateDirectory(Path.Combine(home, ".claude"));
        File.WriteAllText(Path.Combine(home, ".bashrc"), string.Join('\n',
            "echo $CLAUDE_CONFIG_DIR",
            "[ -n \"${CLAUDE_CONFIG_DIR}\" ] && echo CLAUDE_CONFIG_DIR is set",
            "export CLAUDE_CONFIG_DIR=$HOME/.claude-work",
            $"export ANTHROPIC_API_KEY={Key}",
            "alias cc='claude --dangerously-skip-permissions'",
            "# alias old='claude --dangerously-skip-permissions'",
            string.Empty));

        // An empty managed directory: no machine policy, and a named --managed-dir must exist (exit 2 otherwise).
        Directory.CreateDirectory(Path.Combine(_root, "none"));
        var result = await CliRunner.RunAsync("scan", "--home", home, "--managed-dir", Path.Combine(_root, "none"), "--no-store", "--format", "json");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.DoesNotContain(Key, result.Out, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(result.Out);
        var homes = report.RootElement.GetProperty("inventory").GetProperty("homes").EnumerateArray().Select(h => h.GetProperty("configDir").GetString()).ToList();
        Assert.Equal([Path.Combine(home, ".claude"), Path.Combine(home, ".claude-work")], homes.Order(StringComparer.Ordinal));
        var findings = report.RootElement.GetProperty("findings").EnumerateArray().Select(f => (f.GetProperty("ruleId").GetString(), f.GetProperty("location").GetProperty("line").GetInt32())).ToList();
        Assert.Contains(("CCA405", 4), findings);
        Assert.Contains(("CCA406", 5), findings);
        Assert.Single(findings, f => f.Item1 == "CCA406");
    }
}
