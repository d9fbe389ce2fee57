using System.Diagnostics;
using System.Globalization;
using CcAudit.Core.Permissions;
using CcAudit.Core.Permissions.Oracle;

// Decisions per second: the engine versus the real binary (the oracle) on the same cases, in one run, and their agreement.
// Usage: dotnet run -c Release --project bench/CcAudit.Bench.Permissions -- CASES.jsonl CLAUDE_BINARY [ORACLE_CASES]
// ORACLE_CASES (default: all) caps how many of the cases the oracle decides; the engine always decides them all.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: CASES.jsonl CLAUDE_BINARY [ORACLE_CASES]");
    return 2;
}

var cases = File.ReadLines(args[0]).Select((line, i) => PermissionCase.Parse(line, args[0], i + 1).Value).OfType<PermissionCase>().ToList();
var oracleCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : cases.Count;

// Warm up, then take the best of five full passes: the engine is pure CPU, so the best pass is the least disturbed one.
Decide(cases);
var passes = Enumerable.Range(0, 5).Select(_ => Decide(cases)).ToList();
var best = passes.Min(p => p.Elapsed);
var engineRate = cases.Count / best.TotalSeconds;
Console.WriteLine($"engine: {cases.Count} cases, best of 5 passes {best.TotalMilliseconds:F1} ms, {engineRate:N0} decisions/s (one thread)");

var sample = cases.Take(oracleCount).ToList();
var oracle = new ClaudeOracle(new OracleOptions(args[1], OracleOptions.DefaultRunsDirectory));
var watch = Stopwatch.StartNew();
var decided = await oracle.DecideAsync(sample);
watch.Stop();
var oracleRate = sample.Count / watch.Elapsed.TotalSeconds;
Console.WriteLine($"oracle: {sample.Count} cases in {decided.Runs.Count} runs of the binary, {watch.Elapsed.TotalSeconds:F1} s wall (2 runs at a time), {oracleRate:N1} decisions/s");
Console.WriteLine($"engine/oracle: {engineRate / oracleRate:N0}x");

var engine = passes[0].Decisions;
var truth = decided.Verdicts.Where(v => v.IsGroundTruth).ToList();
var agree = truth.Count(v => string.Equals(engine[v.Id], v.Class, StringComparison.OrdinalIgnoreCase));
Console.WriteLine($"agreement on the oracle's ground truth: {agree}/{truth.Count} ({(double)agree / Math.Max(1, truth.Count):P2}); oracle classes: {string.Join(", ", decided.Verdicts.GroupBy(v => v.Class).Select(g => $"{g.Key} {g.Count()}"))}");
return 0;

static (TimeSpan Elapsed, Dictionary<string, string> Decisions) Decide(IReadOnlyList<PermissionCase> cases)
{
    var decisions = new Dictionary<string, string>(cases.Count, StringComparer.Ordinal);
    var watch = Stopwatch.StartNew();
    foreach (var @case in cases)
    {
        decisions[@case.Id] = new PermissionEngine(@case.Context).Decide(@case.Tool, @case.Input).Decision.ToString();
    }

    return (watch.Elapsed, decisions);
}
