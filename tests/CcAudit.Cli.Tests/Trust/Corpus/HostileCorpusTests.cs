using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using CcAudit.Cli.Tests.TestSupport;

namespace CcAudit.Cli.Tests.Trust.Corpus;

/// <summary>
/// Issue 13's hostile-input corpus through the built CLI: every kind (<see cref="HostileKinds"/>) through every verb
/// (<see cref="VerbMatrix"/>) as a separate process, two kinds at a time per core. It fails on any crash (exit 3 or a
/// stack trace), hang (30 s), planted secret shown whole in any output (XLSX unzipped, the SQLite stores dumped, the
/// snapshot file, the proposed policy files), live markup in HTML, a raw terminal escape, or a missing diagnostic.
/// The figures (runs, pairs, defects by class, slowest runs, peak memory) go to the test output and a summary file.
/// </summary>
public sealed class HostileCorpusTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EveryKind_EveryVerb_NoCrashHangLeakOrMissingDiagnostic()
    {
        var filter = Environment.GetEnvironmentVariable("CCAUDIT_HOSTILE_KINDS");
        var kinds = HostileKinds.All.Select((k, i) => (Kind: k, Index: i))
            .Where(k => string.IsNullOrEmpty(filter) || filter.Split('|').Any(f => k.Kind.Name.Contains(f, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(k => k.Kind.Heavy).ToList();
        var trustedKey = CliRunner.TrustedDefaultKey();
        var records = new ConcurrentBag<(HostileKind Kind, VerbRun Run, CliProcess.Result Result)>();
        var defects = new ConcurrentBag<Defect>();
        var clock = Stopwatch.StartNew();
        var cpuBefore = ChildrenCpuSeconds();
        var workers = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount), CancellationToken = TestContext.Current.CancellationToken };
        await Parallel.ForEachAsync(kinds, workers, async (k, _) =>
        {
            foreach (var defect in await RunKindAsync(k.Kind, k.Index, trustedKey, records))
            {
                defects.Add(defect);
            }
        });

        var summary = Summary(kinds.Count, [.. records], [.. defects], clock.Elapsed)
            + string.Create(CultureInfo.InvariantCulture, $"CPU of the runs (user + system, every child process): {ChildrenCpuSeconds() - cpuBefore:F0} s\n");
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        await File.WriteAllTextAsync(SummaryPath(), summary, TestContext.Current.CancellationToken);
        var known = KnownDefects();
        var unknown = defects.Where(d => !known.Contains($"{d.Class}|{d.Kind}")).ToList();
        Assert.True(unknown.Count == 0, $"{unknown.Count} defect(s) not in known-defects.txt:\n" + summary);
        Assert.True(kinds.Count >= 60 || !string.IsNullOrEmpty(filter), $"only {kinds.Count} kinds");
    }

    /// <summary>The open defects the README names (class|kind): reported, not failing; anything else fails.</summary>
    private static HashSet<string> KnownDefects() =>
        [.. File.ReadLines(Path.Combine(CcAudit.Core.Tests.TestSupport.TestEnvironment.RepoRoot, "tests", "CcAudit.Cli.Tests", "Trust", "Corpus", "known-defects.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))];

    private static async Task<List<Defect>> RunKindAsync(HostileKind kind, int index, string trustedKey,
        ConcurrentBag<(HostileKind, VerbRun, CliProcess.Result)> records)
    {
        using var m = new HostileMachine(Directory.CreateTempSubdirectory("ccaudit-hostile-").FullName);
        kind.Plant(m);
        m.Seal();
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = m.Out("user-home"), ["XDG_DATA_HOME"] = CliRunner.DataHome, ["NO_COLOR"] = "1", ["CLAUDE_CONFIG_DIR"] = string.Empty,
            ["DOTNET_TieredPGO"] = "0",
        };
        Directory.CreateDirectory(environment["HOME"]);
        var defects = new List<Defect>();
        foreach (var run in VerbMatrix.For(m, kind, index, trustedKey))
        {
            var result = await CliProcess.RunAsync(run.Args, environment, Limit);
            records.Add((kind, run, result));
            defects.AddRange(RunJudge.Judge(kind, m, run, result));
            if (run is { Verb: "scan", Format: "json" } && kind.AnyOf.Length > 0 && !defects.Any(d => d.Class == "crash"))
            {
                var report = run.OutputFile is not null && File.Exists(run.OutputFile) ? File.ReadAllText(run.OutputFile) : string.Empty;
                if (!kind.AnyOf.Any(code => report.Contains($"\"{code}\"", StringComparison.Ordinal)))
                {
                    defects.Add(new(kind.Name, run.Verb, run.Format, "diagnostic", $"none of {string.Join('/', kind.AnyOf)} reported"));
                }
            }
        }

        defects.AddRange(Persisted(kind, m));
        return defects;
    }

    /// <summary>What the runs left on disk: both stores (every table), the snapshot file, the proposed policy files.</summary>
    private static IEnumerable<Defect> Persisted(HostileKind kind, HostileMachine m)
    {
        var outputs = new List<(string, string)>();
        foreach (var store in new[] { m.Store, m.FleetStore }.Where(s => !kind.StoreUnusable || s == m.FleetStore))
        {
            if (File.Exists(store))
            {
                outputs.Add((Path.GetFileName(store), RunJudge.DumpStore(store)));
            }
        }

        if (File.Exists(m.Snapshot))
        {
            outputs.Add(("snapshot", File.ReadAllText(m.Snapshot)));
        }

        var policy = m.Out("policy");
        if (Directory.Exists(policy))
        {
            outputs.AddRange(Directory.EnumerateFiles(policy, "*", SearchOption.AllDirectories).Select(f => (Path.GetFileName(f), File.ReadAllText(f))));
        }

        return RunJudge.Scan(outputs, m.Secrets, kind, "store").Select(d => new Defect(kind.Name, "(persisted)", "-", d.Class, d.Detail));
    }

    private static string Summary(int kinds, IReadOnlyList<(HostileKind Kind, VerbRun Run, CliProcess.Result Result)> records,
        IReadOnlyList<Defect> defects, TimeSpan elapsed)
    {
        var c = CultureInfo.InvariantCulture;
        var pairs = records.Select(r => (r.Run.Verb, r.Run.Format)).Distinct().Count();
        var text = new StringBuilder();
        text.AppendLine(c, $"hostile corpus: {kinds} kinds x {VerbMatrix.Verbs.Count} verbs, {pairs} of {VerbMatrix.PairCount} (verb, format) pairs, "
            + $"{records.Count} runs in {elapsed.TotalSeconds:F0} s; mode bits bind: {CliProcess.ModeBitsBind}");
        foreach (var group in new[] { "crash", "hang", "leak", "diagnostic", "markup", "escape", "usage" })
        {
            var hits = defects.Where(d => d.Class == group).ToList();
            text.AppendLine(c, $"  {group}: {hits.Count} ({hits.Select(d => d.Kind).Distinct().Count()} kinds)");
        }

        foreach (var (label, pick) in new (string, Func<(HostileKind Kind, VerbRun Run, CliProcess.Result Result), bool>)[]
        {
            ("activity on the 1 GB one-line transcript", r => r.Run.Verb == "activity" && r.Kind.Name.StartsWith("1 GB", StringComparison.Ordinal)),
            ("activity on 10 x 3 MB lines", r => r.Run.Verb == "activity" && r.Kind.Name.StartsWith("transcript giant lines", StringComparison.Ordinal)),
            ("scan xlsx (largest kind)", r => r.Run is { Verb: "scan", Format: "xlsx" }),
        })
        {
            // Records are value tuples: MaxBy of none would throw, so the worst is taken from an ordered list.
            foreach (var worst in records.Where(pick).OrderByDescending(r => r.Result.PeakKiB).Take(1))
            {
                text.AppendLine(c, $"{label}: {worst.Result.Elapsed.TotalSeconds:F1} s, peak {worst.Result.PeakKiB / 1024} MiB ({worst.Kind.Name}, {worst.Run.Format})");
            }
        }

        text.AppendLine("slowest runs:");
        foreach (var r in records.OrderByDescending(r => r.Result.Elapsed).Take(8))
        {
            text.AppendLine(c, $"  {r.Result.Elapsed.TotalSeconds,6:F1} s  {r.Result.PeakKiB / 1024,6} MiB  {r.Kind.Name} / {r.Run.Verb} {r.Run.Format}");
        }

        text.AppendLine("largest peak memory:");
        foreach (var r in records.OrderByDescending(r => r.Result.PeakKiB).Take(5))
        {
            text.AppendLine(c, $"  {r.Result.PeakKiB / 1024,6} MiB  {r.Result.Elapsed.TotalSeconds,6:F1} s  {r.Kind.Name} / {r.Run.Verb} {r.Run.Format}");
        }

        text.AppendLine("defects:");
        foreach (var d in defects.OrderBy(d => d.Class, StringComparer.Ordinal).ThenBy(d => d.Kind, StringComparer.Ordinal))
        {
            text.AppendLine(c, $"  [{d.Class}] {d.Kind} / {d.Verb} {d.Format}: {d.Detail}");
        }

        return text.ToString();
    }

    /// <summary>User and system time of this process's finished children (<c>/proc/self/stat</c> cutime + cstime), in seconds.</summary>
    private static double ChildrenCpuSeconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static string SummaryPath() =>
        Environment.GetEnvironmentVariable("CCAUDIT_HOSTILE_SUMMARY") is { Length: > 0 } path ? path : Path.Combine(Path.GetTempPath(), "ccaudit-hostile-corpus.txt");
}
