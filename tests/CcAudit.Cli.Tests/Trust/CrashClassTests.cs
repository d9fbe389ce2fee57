using System.Diagnostics;
using CcAudit.Cli.Tests.TestSupport;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Cli.Tests.Trust;

/// <summary>
/// Each class of crash seen on real machines (issue 13), reproduced on the smallest input that showed it: the verb must
/// finish (exit 0 or 1, or 2/3 with a plain message) and say what it could not read.
/// </summary>
public sealed class CrashClassTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Home(string name, string claudeJson)
    {
        _dir.Write($"{name}/.claude/settings.json", "{}");
        _dir.Write($"{name}/.claude.json", claudeJson);
        return _dir.Combine(name);
    }

    private string Project(string settings)
    {
        _dir.Write("repo/.claude/settings.json", settings);
        return _dir.Combine("repo");
    }

    private static string Trusted(string project) => """{"projects":{""" + $"\"{project}\"" + """:{"hasTrustDialogAccepted":true}}}""";

    private string[] Machine(params string[] homes) => [.. homes.SelectMany(h => new[] { "--home", h }), "--managed-dir", Directory.CreateDirectory(_dir.Combine("no-managed")).FullName];

    [Fact]
    public async Task Drift_OneLaunchDirectoryRecordedByTwoHomes_ComparesInsteadOfCrashing()
    {
        var project = Project("""{"permissions":{"allow":["Bash(npm test)"]}}""");
        var homes = Machine(Home("alice", Trusted(project)), Home("bob", Trusted(project)));
        var store = _dir.Combine("store.db");
        Assert.Equal(0, (await CliRunner.RunAsync(["scan", .. homes, "--store", store, "--format", "json"])).ExitCode);
        _dir.Write("repo/.claude/settings.json", """{"permissions":{"allow":["Bash(npm test)","Bash(rm -rf:*)"]}}""");
        Assert.Equal(0, (await CliRunner.RunAsync(["scan", .. homes, "--store", store, "--format", "json"])).ExitCode);

        var drift = await CliRunner.RunAsync("drift", "--store", store);

        Assert.True(drift.ExitCode == 0, drift.Error);
        Assert.Contains("rm -rf", drift.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reach")]
    [InlineData("scan")]
    public async Task Reach_AdditionalDirectoryRoot_IsSaidNotWalked(string verb)
    {
        var project = Project("""{"permissions":{"additionalDirectories":["/"]}}""");
        var home = Home("alice", Trusted(project));
        string[] args = verb == "reach"
            ? ["reach", "--home", home, "--cwd", project]
            : ["scan", .. Machine(home), "--reach", "--no-store", "--format", "json"];

        var stopwatch = Stopwatch.StartNew();
        var result = await CliRunner.RunAsync(args);

        Assert.True(result.ExitCode is 0 or 1, result.Error);
        Assert.Contains("working directory / is not walked", result.Out, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), $"took {stopwatch.Elapsed}");
    }

    [Theory]
    [InlineData(0, null, 160)]
    [InlineData(0, "0", 160)]
    [InlineData(0, "junk", 160)]
    [InlineData(0, "100", 100)]
    [InlineData(-1, "-5", 160)]
    [InlineData(12, null, 20)]
    [InlineData(120, "0", 120)]
    public void ConsoleWidth_ZeroOrNonsense_FallsBackToAUsableWidth(int window, string? columns, int expected) =>
        Assert.Equal(expected, new CliContext(TextWriter.Null, TextWriter.Null, false, new Dictionary<string, string?> { ["COLUMNS"] = columns }) { TerminalWidth = window }.Width(terminal: true));

    [Fact]
    public async Task Scan_NulInRecordedCwd_IsADiagnosticNotACrash()
    {
        var home = Home("alice", "{}");
        _dir.Write("alice/.claude/projects/p/s1.jsonl", """{"type":"user","cwd":"/tmp/a\u0000b","sessionId":"s1","timestamp":"2026-01-01T00:00:00Z"}""" + "\n");

        var result = await CliRunner.RunAsync(["scan", .. Machine(home), "--no-store", "--format", "json"]);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("holds a NUL character", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_FifoWhereClaudeJsonShouldBe_DoesNotBlock()
    {
        var home = Home("alice", "{}");
        var claudeJson = Path.Combine(home, ".claude.json");
        File.Delete(claudeJson);
        MakeFifo(claudeJson);
        MakeFifo(Path.Combine(home, ".claude", "history.jsonl"));

        var run = CliRunner.RunAsync(["scan", .. Machine(home), "--no-store", "--format", "json"]);
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));

        Assert.Same(run, finished);
        var result = await run;
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("found a FIFO (named pipe)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_SymlinkLoop_IsAPlainMessageWithExitThree()
    {
        var home = Home("alice", "{}");
        File.CreateSymbolicLink(_dir.Combine("loop-a"), _dir.Combine("loop-b"));
        File.CreateSymbolicLink(_dir.Combine("loop-b"), _dir.Combine("loop-a"));

        var result = await CliRunner.RunAsync(["scan", .. Machine(home), "--store", _dir.Combine("loop-a")]);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("store path", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("SQLite Error", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bash(* * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * * x)", "Bash(a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a y)")]
    [InlineData("Read(/**/*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b)", "Read(/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa)")]
    [InlineData("WebFetch(domain:*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b.com)", "WebFetch(https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com/)")]
    public async Task PermissionsExplain_PathologicalGlob_DecidesInsteadOfTimingOut(string rule, string probe)
    {
        var project = Project($$$"""{"permissions":{"deny":["{{{rule}}}"]}}""");
        var home = Home("alice", Trusted(project));

        var stopwatch = Stopwatch.StartNew();
        var result = await CliRunner.RunAsync("permissions", "explain", "--home", home, "--cwd", project, probe);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
