using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

// Activity benchmark: `ccaudit activity --format json` vs `ccusage daily --json` on one generated corpus, in one run.
// The corpus is the real transcript Claude Code 2.1.328 wrote for the discovery fixture, copied until it reaches the
// target size: each copy gets its own uuids (session, records, prompts), message and tool-use ids, launch directory and
// day; nothing else changes.
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
    var (files, bytes) = Generate(Path.Combine(repo, "tests", "CcAudit.Core.Tests", "TestData", "Discovery", "fixture", "home", ".claude", "projects"), claude, targetBytes);
    Console.Error.WriteLine($"generated {files:N0} transcripts, {bytes / 1e9:F2} GB under {claude} in {generation.Elapsed.TotalSeconds:F1} s");
}

var output = Path.Combine(root, "out");
Directory.CreateDirectory(output);
var ccauditJson = Path.Combine(output, "ccaudit.json");
var ccusageJson = Path.Combine(output, "ccusage.json");
var cli = Path.Combine(AppContext.BaseDirectory, "ccaudit.dll");
var ccusage = Path.Combine(npm, "ccusage", "dist", "index.js");
var ccusageVersion = JsonDocument.Parse(File.ReadAllText(Path.Combine(npm, "ccusage", "package.json"))).RootElement.GetProperty("version").GetString();

// Interleaved rounds, so a change in machine load hits both tools alike; medians reported.
var ours = new List<double>();
var theirs = new List<double>();
for (var round = 0; round < runs; round++)
{
    ours.Add(Time("ccaudit activity", () => Run("dotnet", [cli, "activity", "--home", home, "--format", "json", "--output", ccauditJson], null, null)));
    theirs.Add(Time($"ccusage {ccusageVersion} daily", () => Run("node", [ccusage, "daily", "--json", "--offline"], ccusageJson, claude)));
}

// Equal token totals, day by day, or the figures mean nothing.
using var a = JsonDocument.Parse(File.ReadAllText(ccauditJson));
using var b = JsonDocument.Parse(File.ReadAllText(ccusageJson));
var ourDays = a.RootElement.GetProperty("activity").GetProperty("days").EnumerateArray()
    .Where(d => d.GetProperty("tokens").GetProperty("total").GetInt64() > 0)
    .ToDictionary(d => d.GetProperty("date").GetString()!, d => Tokens(d.GetProperty("tokens"), "input", "output", "cacheRead", "cacheCreation"));
var theirDays = b.RootElement.GetProperty("daily").EnumerateArray()
    .ToDictionary(d => d.GetProperty("date").GetString()!, d => Tokens(d, "inputTokens", "outputTokens", "cacheReadTokens", "cacheCreationTokens"));
var mismatches = theirDays.Where(d => !ourDays.TryGetValue(d.Key, out var o) || o != d.Value).Select(d => d.Key).Concat(ourDays.Keys.Except(theirDays.Keys)).ToList();
var total = theirDays.Values.Aggregate((0L, 0L, 0L, 0L), (s, t) => (s.Item1 + t.Item1, s.Item2 + t.Item2, s.Item3 + t.Item3, s.Item4 + t.Item4));

var corpus = Directory.EnumerateFiles(claude, "*.jsonl", SearchOption.AllDirectories).Select(f => new FileInfo(f).Length).ToList();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"corpus: {corpus.Count:N0} files, {corpus.Sum() / 1e9:F2} GB, {theirDays.Count} days"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ccaudit activity --format json: median {Median(ours):F2} s of [{string.Join(", ", ours.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))}]"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ccusage {ccusageVersion} daily --json: median {Median(theirs):F2} s of [{string.Join(", ", theirs.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))}]"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"speed-up: {Median(theirs) / Median(ours):F1}x (target >= 5x)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tokens (input, output, cache read, cache creation): {total}; days equal: {theirDays.Count - mismatches.Count}/{theirDays.Count}"));
if (mismatches.Count > 0)
{
    Console.WriteLine("TOKEN TOTALS DIFFER on " + string.Join(", ", mismatches.Take(10)));
    return 1;
}

return 0;

static (long, long, long, long) Tokens(JsonElement e, string input, string output, string read, string creation) =>
    (e.GetProperty(input).GetInt64(), e.GetProperty(output).GetInt64(), e.GetProperty(read).GetInt64(), e.GetProperty(creation).GetInt64());

static (int Files, long Bytes) Generate(string source, string claude, long target)
{
    var originals = Directory.EnumerateFiles(source, "*.jsonl", SearchOption.AllDirectories).Select(f => (Path: f, Text: File.ReadAllText(f))).ToList();
    var files = 0;
    long bytes = 0;
    for (var copy = 0; bytes < target; copy++)
    {
        foreach (var (path, text) in originals)
        {
            // Every uuid (session, records, prompts) gets the copy number as its first group: each copy is its own session.
            var session = Path.GetFileNameWithoutExtension(path);
            var newSession = $"{copy:x8}{session[8..]}";
            var day = new DateOnly(2026, 11, 25).AddDays(-(copy % 90)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var project = $"/home/dev/project-{copy % 40:00}";
            var rewritten = new StringBuilder(Uuid().Replace(text, m => $"{copy:x8}{m.Value[8..]}"))
                .Replace("msg_mock_", $"msg_{copy:x8}_")
                .Replace("toolu_0", $"toolu_{copy:x8}_")
                .Replace("\"2026-11-25T", $"\"{day}T")
                .Replace("/tmp/fx/home/work/app", project)
                .ToString();
            var target2 = Path.Combine(claude, "projects", project.Replace('/', '-'), newSession + ".jsonl");
            Directory.CreateDirectory(Path.GetDirectoryName(target2)!);
            File.WriteAllText(target2, rewritten);
            files++;
            bytes += Encoding.UTF8.GetByteCount(rewritten);
        }
    }

    return (files, bytes);
}

static double Time(string name, Func<int> action)
{
    var watch = Stopwatch.StartNew();
    var code = action();
    watch.Stop();
    Console.Error.WriteLine($"{name}: {watch.Elapsed.TotalSeconds:F2} s (exit {code})");
    if (code != 0)
    {
        throw new InvalidOperationException($"{name} failed with exit code {code}");
    }

    return watch.Elapsed.TotalSeconds;
}

static int Run(string file, string[] arguments, string? stdoutTo, string? claudeConfigDir)
{
    var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = stdoutTo is not null, RedirectStandardError = true };
    start.Environment["TZ"] = "UTC";
    if (claudeConfigDir is not null)
    {
        start.Environment["CLAUDE_CONFIG_DIR"] = claudeConfigDir;
    }

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

static Regex Uuid() => new("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.CultureInvariant);

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
