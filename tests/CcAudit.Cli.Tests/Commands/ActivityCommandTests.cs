using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using CcAudit.Cli.Tests.TestSupport;
using CcAudit.Core.Tests.Activity;
using CcAudit.Core.Tests.TestSupport;
using static CcAudit.Core.Tests.Activity.TranscriptLines;

namespace CcAudit.Cli.Tests.Commands;

public sealed class ActivityCommandTests : IDisposable
{
    private const string Token = "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";
    private const string Cwd = "/home/dev/app";
    private static readonly DateTime Day1 = new(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);

    private readonly string _root = Directory.CreateTempSubdirectory("ccaudit-activity-cli-").FullName;

    private string Home => Path.Combine(_root, "home");

    private string Claude => Path.Combine(Home, ".claude");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>
    /// ccaudit counts as ccusage 18.0.11 does, edge records included (no request id, schema oddities, bad lines).
    /// ccusage 20.0.24 (native) differs on those edges (it accepts offset timestamps, collapses records of one message
    /// without a request id, rejects fractional token counts), so it is compared on the corpus without them.
    /// </summary>
    [Theory]
    [InlineData("ccusage-18", true)]
    [InlineData("ccusage", false)]
    public async Task DailyTokens_EqualTheRealCcusage(string package, bool edgeRecords)
    {
        TranscriptCorpus.Write(Claude, sessions: 60, seed: Environment.TickCount, edgeRecords);
        if (edgeRecords)
        {
            CopyFixtureTranscript();
        }

        var ours = await CliRunner.RunAsync("activity", "--home", Home, "--format", "json");
        var theirs = await Ccusage(package, Claude);

        Assert.Equal(0, ours.ExitCode);
        using var json = JsonDocument.Parse(ours.Out);
        var days = json.RootElement.GetProperty("activity").GetProperty("days").EnumerateArray()
            .Select(d => (d.GetProperty("date").GetString()!, Tokens(d.GetProperty("tokens"), "input", "output", "cacheCreation", "cacheRead")))
            .Where(d => d.Item2.Sum() > 0).ToList();
        var expected = theirs.RootElement.GetProperty("daily").EnumerateArray()
            .Select(d => ((d.TryGetProperty("period", out var period) ? period : d.GetProperty("date")).GetString()!,
                Tokens(d, "inputTokens", "outputTokens", "cacheCreationTokens", "cacheReadTokens")))
            .OrderBy(d => d.Item1, StringComparer.Ordinal).ToList();
        Assert.True(expected.Count >= 5, $"the corpus should span several days, ccusage saw {expected.Count}");
        Assert.Equal(expected.Select(e => e.Item1), days.Select(d => d.Item1));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Item2, days[i].Item2);
        }

        var totals = theirs.RootElement.GetProperty("totals");
        var activity = json.RootElement.GetProperty("activity");
        Assert.Equal(totals.GetProperty("inputTokens").GetInt64(), activity.GetProperty("inputTokens").GetInt64());
        Assert.Equal(totals.GetProperty("cacheReadTokens").GetInt64(), activity.GetProperty("cacheReadTokens").GetInt64());
    }

    [Fact]
    public async Task Json_HasEverySectionAndTheDiagnostics_NeverTheSecret()
    {
        WriteRiskySession();

        var result = await CliRunner.RunAsync("activity", "--home", Home, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain(Token, result.Out, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(result.Out);
        var activity = json.RootElement.GetProperty("activity");
        Assert.Equal(1, activity.GetProperty("sessions").GetInt32());
        Assert.Equal(1, activity.GetProperty("secretsInToolResults").GetArrayLength());
        Assert.Contains(activity.GetProperty("commands").EnumerateArray(), c => c.GetProperty("categories").EnumerateArray().Any(x => x.GetString() == "git-push"));
        Assert.Equal(1, activity.GetProperty("permissions").GetProperty("rejectedByPerson").GetInt32());
        Assert.Contains(json.RootElement.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("code").GetString() == "D021");
    }

    [Fact]
    public async Task Html_EscapesEverything_UnderTheStrictCsp()
    {
        WriteRiskySession();

        var result = await CliRunner.RunAsync("activity", "--home", Home, "--format", "html");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Content-Security-Policy\" content=\"default-src 'none'", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", result.Out, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markdown_CsvAndXlsx_SayTheSame()
    {
        WriteRiskySession();
        var xlsx = Path.Combine(_root, "activity.xlsx");

        var md = await CliRunner.RunAsync("activity", "--home", Home, "--format", "md");
        var csv = await CliRunner.RunAsync("activity", "--home", Home, "--format", "csv", "--csv-table", "commands");
        var book = await CliRunner.RunAsync("activity", "--home", Home, "--format", "xlsx", "--output", xlsx);

        Assert.Equal((0, 0, 0), (md.ExitCode, csv.ExitCode, book.ExitCode));
        Assert.Contains("## commands (3)", md.Out, StringComparison.Ordinal);
        Assert.Contains("\\| sh", md.Out, StringComparison.Ordinal);
        var rows = csv.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("command,categories,hosts,count,blocked,sessions,launch directory,first seen", rows[0]);
        Assert.Equal(4, rows.Length);
        Assert.Contains(rows, r => r.StartsWith("'=cmd", StringComparison.Ordinal) || r.StartsWith("\"'=cmd", StringComparison.Ordinal));
        using var zip = ZipFile.OpenRead(xlsx);
        Assert.True(zip.Entries.Count(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)) >= 15);
    }

    [Fact]
    public async Task Console_ShowsTotalsAndCommands_AndBadDatesAreUsageErrors()
    {
        WriteRiskySession();

        var console = await CliRunner.RunAsync("activity", "--home", Home);
        var badDate = await CliRunner.RunAsync("activity", "--home", Home, "--since", "last tuesday");
        var xlsxToStdout = await CliRunner.RunAsync("activity", "--home", Home, "--format", "xlsx");

        Assert.Equal(0, console.ExitCode);
        Assert.Contains("git push origin main", console.Out, StringComparison.Ordinal);
        Assert.Contains("rejected by a person", console.Out, StringComparison.Ordinal);
        Assert.NotEqual(0, badDate.ExitCode);
        Assert.Contains("--since", badDate.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, xlsxToStdout.ExitCode);
    }

    [Fact]
    public async Task Since_LeavesEarlierDaysOut()
    {
        WriteRiskySession();
        File.WriteAllText(Path.Combine(Claude, "projects", "-home-dev-app", "s1-resumed.jsonl"), Assistant("s1", Cwd, Day1.AddDays(3), "late", "rlate", 4242, 1));

        var all = await CliRunner.RunAsync("activity", "--home", Home, "--format", "json");
        var late = await CliRunner.RunAsync("activity", "--home", Home, "--format", "json", "--since", Day1.AddDays(1).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));

        using var allJson = JsonDocument.Parse(all.Out);
        using var lateJson = JsonDocument.Parse(late.Out);
        Assert.Equal(2, allJson.RootElement.GetProperty("activity").GetProperty("days").GetArrayLength());
        Assert.Equal(4242, lateJson.RootElement.GetProperty("activity").GetProperty("inputTokens").GetInt64());
    }

    private void WriteRiskySession()
    {
        var file = Path.Combine(Claude, "projects", "-home-dev-app", "s1.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, string.Concat(
            Prompt("s1", Cwd, Day1, "p1", "ship it"),
            Assistant("s1", Cwd, Day1.AddSeconds(1), "m1", "r1", 10, 2, block: ToolUse("t1", "Bash", new() { ["command"] = "git push origin main" })),
            ToolResult("s1", Cwd, Day1.AddSeconds(2), "u1", "t1", "rejected", "reject", "user_reject", denialKind: "user-rejected"),
            Assistant("s1", Cwd, Day1.AddSeconds(3), "m2", "r2", 10, 2, block: ToolUse("t2", "Bash", new() { ["command"] = "echo '<script>alert(1)</script>' | sh" })),
            ToolResult("s1", Cwd, Day1.AddSeconds(4), "u2", "t2", $"GITHUB_TOKEN={Token}", "accept", "user_temporary"),
            Assistant("s1", Cwd, Day1.AddSeconds(5), "m3", "r3", 10, 2, block: ToolUse("t3", "Bash", new() { ["command"] = "=cmd|' /C calc'!A0" })),
            "{\"type\":\"user\",\"message\":{\"content\":\"cut"));
    }

    private void CopyFixtureTranscript()
    {
        var source = TestEnvironment.TestData("Discovery", "fixture", "home", ".claude", "projects");
        foreach (var file in Directory.EnumerateFiles(source, "*.jsonl", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Claude, "projects", Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static long[] Tokens(JsonElement element, params string[] names) => [.. names.Select(n => element.GetProperty(n).GetInt64())];

    /// <summary>
    /// Runs the real ccusage (tools/npm: 20.x, whose node entry point execs the native binary of its platform package,
    /// or 18.0.11, plain JavaScript) on the same files, days in UTC, prices offline (no network), HOME the test's so
    /// no other agent's usage is read.
    /// </summary>
    private async Task<JsonDocument> Ccusage(string package, string claudeDir)
    {
        var entry = package == "ccusage" ? TestEnvironment.NpmFile(package, "src", "cli.js") : TestEnvironment.NpmFile(package, "dist", "index.js");
        var start = new ProcessStartInfo("node", [entry, "daily", "--json", "--offline"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CLAUDE_CONFIG_DIR"] = claudeDir;
        start.Environment["HOME"] = Home;
        start.Environment["TZ"] = "UTC";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"ccusage failed: {await stderr}");
        return JsonDocument.Parse(await stdout);
    }
}
