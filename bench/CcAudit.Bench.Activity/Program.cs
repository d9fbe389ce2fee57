using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

using CcAudit.Bench.Activity;

// Activity benchmark: `ccaudit activity --format json` vs ccusage 20.x (native core) `daily --json` and, fewer rounds,
// the last JavaScript ccusage 18.0.11, on one generated corpus, in one run (Corpus.cs: the shapes 2.1.328 writes).
var targetBytes = (long)(ArgDouble("--gb", 1.0) * 1024 * 1024 * 1024);
var runs = (int)ArgDouble("--runs", 3);
var root = Arg("--root") ?? "/tmp/ccaudit-bench-activity";
var npm = Arg("--npm") ?? Environment.GetEnvironmentVariable("CCAUDIT_NPM_DIR") ?? "/work/main/tools/npm/node_modules";
var repo = Arg("--repo") ?? FindRepo();

var home = Path.Combine(root, "home");
var claude = Path.Combine(home, ".claude");
if (!args.Contains("--reuse") || !Directory.Exists(claude))
{
    if (Directory.Exists(root))
    {
        Directory.Delete(root, recursive: true);
    }

    var generation = Stopwatch.StartNew();
    var (files, bytes) = Corpus.Generate(repo, claude, targetBytes);
    Console.Error.WriteLine(
        $"generated {files:N0} transcripts, {bytes / 1e9:F2} GB under {claude} in {generation.Elapsed.TotalSeconds:F1} s");
}

var output = Path.Combine(root, "out");
Directory.CreateDirectory(output);
var ccauditJson = Path.Combine(output, "ccaudit.json");
var cli = Path.Combine(AppContext.BaseDirectory, "ccaudit.dll");
var runs18 = (int)ArgDouble("--runs-18", 1);

// ccusage 20 is a thin node wrapper that execs the native binary of @ccusage/ccusage-<os>-<arch>; the binary is timed
// directly (no node start), the stricter comparison. HOME is the corpus home so no other agent's data is read.
var native = Path.Combine(npm, "@ccusage", "ccusage-linux-x64", "bin", "ccusage");
var peers = new List<Peer>
{
    new($"ccusage {Version(Path.Combine(npm, "ccusage"))} daily --json --offline", native, ["daily", "--json", "--offline"], runs),
    new($"ccusage {Version(Path.Combine(npm, "ccusage-18"))} daily --json --offline", "node",
        [Path.Combine(npm, "ccusage-18", "dist", "index.js"), "daily", "--json", "--offline"], runs18),
};

// Interleaved rounds, so a change in machine load hits every tool alike; medians and spread reported.
var ours = new List<double>();
for (var round = 0; round < runs; round++)
{
    ours.Add(Time("ccaudit activity", () => Run("dotnet", [cli, "activity", "--home", home, "--format", "json", "--output",
        ccauditJson], null, home, claude)));
    foreach (var peer in peers.Where(p => round < p.Runs))
    {
        var json = Path.Combine(output, $"peer{peers.IndexOf(peer)}.json");
        peer.Times.Add(Time(peer.Name, () => Run(peer.File, peer.Arguments, json, home, claude)));
        peer.Json = json;
    }
}

var corpus = Directory.EnumerateFiles(claude, "*.jsonl", SearchOption.AllDirectories).Select(f => new FileInfo(f).Length).ToList();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"corpus: {corpus.Count:N0} files, {corpus.Sum() / 1e9:F2} GB"));
Console.WriteLine(Line("ccaudit activity --format json", ours));
using var a = JsonDocument.Parse(File.ReadAllText(ccauditJson));
var ourDays = a.RootElement.GetProperty("activity").GetProperty("days").EnumerateArray()
    .Where(d => d.GetProperty("tokens").GetProperty("total").GetInt64() > 0)
    .ToDictionary(d => d.GetProperty("date").GetString()!, d => Tokens(d.GetProperty("tokens"), "input", "output", "cacheRead",
        "cacheCreation"));
var failed = false;
foreach (var peer in peers.Where(p => p.Json is not null))
{
    // Equal token totals, day by day, or the figures mean nothing. ccusage 20 names the day "period", 18 "date".
    using var b = JsonDocument.Parse(File.ReadAllText(peer.Json!));
    var theirDays = b.RootElement.GetProperty("daily").EnumerateArray().ToDictionary(
        d => (d.TryGetProperty("period", out var period) ? period : d.GetProperty("date")).GetString()!,
        d => Tokens(d, "inputTokens", "outputTokens", "cacheReadTokens", "cacheCreationTokens"));
    var mismatches = theirDays.Where(d => !ourDays.TryGetValue(d.Key,
        out var o) || o != d.Value).Select(d => d.Key).Concat(ourDays.Keys.Except(theirDays.Keys)).ToList();
    var total = theirDays.Values.Aggregate((0L, 0L, 0L, 0L), (s, t) => (s.Item1 + t.Item1, s.Item2 + t.Item2, s.Item3 + t.Item3,
        s.Item4 + t.Item4));
    Console.WriteLine(Line(peer.Name, peer.Times));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  ccaudit is {Median(peer.Times) / Median(ours):F2}x faster; tokens (input, output, cache read, cache creation): {total}; "
        + $"days equal: {theirDays.Count - mismatches.Count}/{theirDays.Count}"));
    if (mismatches.Count > 0)
    {
        Console.WriteLine("  TOKEN TOTALS DIFFER on " + string.Join(", ", mismatches.Order(StringComparer.Ordinal).Take(10)));
        failed = true;
    }
}

return failed ? 1 : 0;

static string Version(string package) =>
    JsonDocument.Parse(File.ReadAllText(Path.Combine(package, "package.json"))).RootElement.GetProperty("version").GetString()!;

static string Line(string name, List<double> times) => string.Create(CultureInfo.InvariantCulture,
    $"{name}: median {Median(times):F2} s, min {times.Min():F2}, max {times.Max():F2} "
    + $"of [{string.Join(", ", times.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))}]");

static (long, long, long, long) Tokens(JsonElement e, string input, string output, string read, string creation) =>
    (e.GetProperty(input).GetInt64(), e.GetProperty(output).GetInt64(), e.GetProperty(read).GetInt64(), e.GetProperty(creation).GetInt64());

static double Time(string name, Func<int> action)
{
    var cpu = Rusage.ChildrenCpuSeconds();
    var watch = Stopwatch.StartNew();
    var code = action();
    watch.Stop();
    // CPU (user + system) of the finished child: on a shared machine wall time includes waiting for a core.
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: {watch.Elapsed.TotalSeconds:F2} s wall, {Rusage.ChildrenCpuSeconds() - cpu:F2} s CPU "
        + $"(exit {code}, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})"));
    if (code != 0)
    {
        throw new InvalidOperationException($"{name} failed with exit code {code}");
    }

    return watch.Elapsed.TotalSeconds;
}

static int Run(string file, string[] arguments, string? stdoutTo, string home, string claudeConfigDir)
{
    var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = stdoutTo is not null, RedirectStandardError = true };
    start.Environment["TZ"] = "UTC";
    start.Environment["HOME"] = home;
    start.Environment["CLAUDE_CONFIG_DIR"] = claudeConfigDir;

    using var process = Process.Start(start)!;
    var stderr = process.StandardError.ReadToEndAsync();
    if (stdoutTo is not null)
    {
        using var target = File.Create(stdoutTo);
        process.StandardOutput.BaseStream.CopyTo(target);
    }

    process.WaitForExit();
    _ = stderr.Result;
    return process.ExitCode;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

double ArgDouble(string name, double fallback) => Arg(name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

static string FindRepo()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "ccaudit.slnx")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("repository root (ccaudit.slnx) not found; pass --repo");
}

/// <summary>One peer command line, its rounds and the output of its last round.</summary>
internal sealed record Peer(string Name, string File, string[] Arguments, int Runs)
{
    public List<double> Times { get; } = [];

    public string? Json { get; set; }
}

/// <summary>getrusage(RUSAGE_CHILDREN): CPU time of the children waited for so far.</summary>
internal static partial class Rusage
{
    public static double ChildrenCpuSeconds()
    {
        var usage = new long[18];
        return GetRusage(-1, usage) == 0 ? usage[0] + (usage[1] / 1e6) + usage[2] + (usage[3] / 1e6) : double.NaN;
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRusage(int who, [System.Runtime.InteropServices.Out] long[] usage);
}
