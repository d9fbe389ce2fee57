using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CcAudit.Core.Reach;
using CcAudit.Core.Tests.Reach;

// Reach benchmark: ccaudit reach vs ripgrep (same candidate pattern) vs secretlint on one generated tree, in one run.
var files = ArgInt("--files", 100_000);
var runs = ArgInt("--runs", 3);
var root = Arg("--root") ?? "/tmp/ccaudit-bench-reach";
var npm = Arg("--npm") ?? Environment.GetEnvironmentVariable("CCAUDIT_NPM_DIR") ?? "/work/main/tools/npm/node_modules";
var skipSecretlint = args.Contains("--skip-secretlint");
var secretlintRuns = ArgInt("--secretlint-runs", 1);

if (Directory.Exists(root))
{
    Directory.Delete(root, recursive: true);
}

var tree = Path.Combine(root, "tree");
var home = Path.Combine(root, "home");
var outputs = Path.Combine(root, "out");
Directory.CreateDirectory(home);
Directory.CreateDirectory(outputs);
var generation = Stopwatch.StartNew();
var manifest = PlantedTree.Generate(tree, files);
Console.Error.WriteLine($"generated {manifest.Files:N0} files with {manifest.Plants.Count} planted secrets in {generation.Elapsed.TotalSeconds:F1} s under {tree}");
File.WriteAllText(Path.Combine(tree, ".secretlintrc.json"), """{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}""");

var ccauditJson = Path.Combine(outputs, "ccaudit.json");
var cli = Path.Combine(AppContext.BaseDirectory, "ccaudit.dll");
Func<int> runCcaudit = () => Run("dotnet", [cli, "reach", "--cwd", tree, "--home", home, "--format", "json", "--output", ccauditJson], tree, null);

// ripgrep gets the scanner's own candidate pattern, translated to Rust syntax (named groups, no look-ahead), and the
// same reach: ignored and hidden files included, binaries skipped, the same size cap.
var rgPattern = "(?x)" + Regex.Replace(SecretScanner.CandidatePattern.Replace("(?<", "(?P<", StringComparison.Ordinal), @"\(\?!\[A-Za-z0-9/\+=\]\)", string.Empty);
var rgOut = Path.Combine(outputs, "rg.txt");
Func<int> runRg = () => Run("/usr/bin/rg", ["--no-ignore", "--hidden", "--count-matches", "--max-filesize", "4M", "-e", rgPattern, "."], tree, rgOut);

// Interleaved rounds, so a change in machine load hits both tools alike; medians reported.
var ccauditTimes = new List<double>();
var rgTimes = new List<double>();
for (var round = 0; round < runs; round++)
{
    ccauditTimes.Add(Time("ccaudit reach", 1, runCcaudit).Seconds);
    rgTimes.Add(Time("ripgrep", 1, runRg).Seconds);
}

var ccaudit = (Seconds: Median(ccauditTimes), Note: string.Empty);
var rg = (Seconds: Median(rgTimes), Note: string.Empty);

// secretlint twice: as its README runs it, and on the same input as ccaudit. By default it skips git-ignored files
// (--no-gitignore lifts that) and always prunes **/node_modules and **/.git, patterns it evaluates relative to --cwd
// only for files below --cwd; so the same-input run gets a --cwd outside the tree and an absolute glob (dot: true).
(double Seconds, string Note)? secretlint = null;
(double Seconds, string Note)? secretlintSame = null;
var secretlintOut = Path.Combine(outputs, "secretlint.json");
var secretlintSameOut = Path.Combine(outputs, "secretlint-same.json");
if (!skipSecretlint)
{
    var bin = Path.Combine(npm, ".bin", "secretlint");
    secretlint = Time("secretlint (default)", secretlintRuns, () => Run(bin, ["**/*", "--format", "json", "--output", secretlintOut, "--no-maskSecrets"], tree, null));
    secretlintSame = Time("secretlint (same input)", secretlintRuns, () => Run(
        bin,
        ["--no-gitignore", "--cwd", outputs, "--secretlintrc", Path.Combine(tree, ".secretlintrc.json"), Path.Combine(tree, "**/*"), "--format", "json", "--output", secretlintSameOut, "--no-maskSecrets"],
        outputs,
        null));
}

// Recall: every planted secret must come back with its fingerprint from ccaudit; peers are scored per file.
using var report = JsonDocument.Parse(File.ReadAllText(ccauditJson));
var found = report.RootElement.GetProperty("launches")[0].GetProperty("files").EnumerateArray()
    .SelectMany(f => f.GetProperty("secrets").EnumerateArray().Select(s => (Path.GetRelativePath(tree, f.GetProperty("path").GetString()!), s.GetProperty("secret").GetProperty("fingerprint").GetString()!)))
    .ToHashSet();
var recalled = manifest.Plants.Count(p => found.Contains((p.RelativePath, p.Fingerprint)));
var plantedFiles = manifest.Plants.Select(p => p.RelativePath).ToHashSet();
var rgFiles = File.ReadAllLines(rgOut).Select(l => l[..l.LastIndexOf(':')].TrimStart('.', '/')).ToHashSet();
var secretlintFiles = Flagged(secretlintOut);
var secretlintSameFiles = Flagged(secretlintSameOut);

// What ccaudit reads: every file of the tree, git-ignored or not; of git's store only .git/config.
var treeFiles = Directory.EnumerateFiles(tree, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
    .Select(f => Path.GetRelativePath(tree, f)).Where(f => !f.StartsWith(".git/", StringComparison.Ordinal) || f == ".git/config").ToHashSet();

Console.WriteLine($"Tree: {manifest.Files:N0} files, {manifest.Plants.Count} planted secrets in {plantedFiles.Count} files ({Environment.ProcessorCount} cores).");
Console.WriteLine();
Console.WriteLine("| Tool | Wall time (median) | Planted secrets found | Planted files flagged | Files flagged in all |");
Console.WriteLine("|---|---:|---:|---:|---:|");
Console.WriteLine(Row("ccaudit reach", ccaudit, $"{recalled}/{manifest.Plants.Count}", $"{plantedFiles.Count(found.Select(f => f.Item1).ToHashSet().Contains)}/{plantedFiles.Count}", found.Select(f => f.Item1).Distinct().Count()));
Console.WriteLine(Row("ripgrep (same pattern)", rg, "n/a (matches, not validated)", $"{plantedFiles.Count(rgFiles.Contains)}/{plantedFiles.Count}", rgFiles.Count));
if (secretlint is { } s && secretlintSame is { } same)
{
    Console.WriteLine(Row("secretlint (preset-recommend, default)", s, "n/a", $"{plantedFiles.Count(secretlintFiles.Contains)}/{plantedFiles.Count}", secretlintFiles.Count));
    Console.WriteLine(Row("secretlint (preset-recommend, same input)", same, "n/a", $"{plantedFiles.Count(secretlintSameFiles.Contains)}/{plantedFiles.Count}", secretlintSameFiles.Count));
    Console.WriteLine();
    Console.WriteLine($"Files examined: ccaudit {treeFiles.Count:N0}; secretlint default {Examined(secretlintOut)}; secretlint same input {Examined(secretlintSameOut)}.");
    Console.WriteLine($"ccaudit is {s.Seconds / ccaudit.Seconds:F1}x faster than secretlint (default), {same.Seconds / ccaudit.Seconds:F1}x on the same input, and takes {ccaudit.Seconds / rg.Seconds:F2}x ripgrep's wall time.");
}
else
{
    Console.WriteLine();
    Console.WriteLine($"ccaudit takes {ccaudit.Seconds / rg.Seconds:F2}x ripgrep's wall time.");
}

if (recalled != manifest.Plants.Count)
{
    Console.Error.WriteLine("RECALL BELOW 100%: missed " + string.Join(", ", manifest.Plants.Where(p => !found.Contains((p.RelativePath, p.Fingerprint))).Select(p => $"{p.Kind} in {p.RelativePath}")));
    return 1;
}

return 0;

// secretlint's JSON lists every file it examined, with or without messages.
List<string> Reported(string path) => skipSecretlint || !File.Exists(path) ? [] : [.. JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateArray()
    .Select(r => Path.GetRelativePath(tree, r.GetProperty("filePath").GetString()!))];

HashSet<string> Flagged(string path) => skipSecretlint || !File.Exists(path) ? [] : JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateArray()
    .Where(r => r.GetProperty("messages").GetArrayLength() > 0).Select(r => Path.GetRelativePath(tree, r.GetProperty("filePath").GetString()!)).ToHashSet();

string Examined(string path)
{
    var files = Reported(path);
    return $"{files.Count:N0} ({files.Count(treeFiles.Contains):N0} of ccaudit's, {files.Count(f => !treeFiles.Contains(f)):N0} others)";
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static string Row(string tool, (double Seconds, string Note) time, string secrets, string filesFlagged, int all) =>
    string.Create(CultureInfo.InvariantCulture, $"| {tool} | {time.Seconds:F2} s{time.Note} | {secrets} | {filesFlagged} | {all:N0} |");

static (double Seconds, string Note) Time(string name, int runs, Func<int> action)
{
    var times = new List<double>();
    var codes = new HashSet<int>();
    for (var i = 0; i < runs; i++)
    {
        var watch = Stopwatch.StartNew();
        codes.Add(action());
        times.Add(watch.Elapsed.TotalSeconds);
        Console.Error.WriteLine($"{name} run {i + 1}: {times[^1]:F2} s");
    }

    times.Sort();
    return (times[times.Count / 2], runs == 1 ? " (1 run)" : string.Empty);
}

static int Run(string file, string[] arguments, string workingDirectory, string? stdoutFile)
{
    var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
    using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEndAsync();
    if (!process.WaitForExit(TimeSpan.FromMinutes(30)))
    {
        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"{file} did not finish in 30 minutes");
    }

    if (stdoutFile is not null)
    {
        File.WriteAllText(stdoutFile, stdout.Result);
    }

    if (process.ExitCode > 1)
    {
        Console.Error.WriteLine($"{file} exited {process.ExitCode}: {stderr.Result}");
    }

    return process.ExitCode;
}

string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

int ArgInt(string name, int fallback) => Arg(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
