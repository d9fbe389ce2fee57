using System.Diagnostics;
using System.Globalization;
using CcAudit.Core.Permissions;
using CcAudit.Core.Permissions.Oracle;

// Decisions per second: the engine versus the real binary (the oracle) on the same cases, in one run, and their agreement.
// Usage: dotnet run -c Release --project bench/CcAudit.Bench.Permissions -- CASES.jsonl CLAUDE_BINARY [ORACLE_CASES]
// ORACLE_CASES (default: all) caps how many of the cases the oracle decides; the engine always decides them all.
// The engine is compiled once per configuration (PermissionEngine.For), as `permissions eval` does; a first pass
// compiles every configuration and is reported apart, the best of five later passes is the decision rate.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: CASES.jsonl CLAUDE_BINARY [ORACLE_CASES]");
    return 2;
}

var cases = File.ReadLines(args[0]).Select((line, i) => PermissionCase.Parse(line, args[0], i + 1).Value).OfType<PermissionCase>().ToList();
var oracleCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : cases.Count;

// The first pass compiles each configuration once; then the best of five full passes: pure CPU, the least disturbed one.
var first = Decide(cases, cached: false);
Console.WriteLine($"engine: first pass {first.Elapsed.TotalMilliseconds:F1} ms ({cases.Select(c => c.Context).Distinct().Count()} configurations compiled)");
var cold = Enumerable.Range(0, 5).Select(_ => Decide(cases, cached: false)).Min(p => p.Elapsed);
Console.WriteLine($"engine, cold (every call parsed and judged): {cases.Count} cases, best of 5 passes {cold.TotalMilliseconds:F1} ms, {cases.Count / cold.TotalSeconds:N0} decisions/s (one thread)");
var passes = Enumerable.Range(0, 6).Select(_ => Decide(cases, cached: true)).ToList();
var best = passes.Skip(1).Min(p => p.Elapsed);
var engineRate = cases.Count / best.TotalSeconds;
Console.WriteLine($"engine, warm (calls seen before answered by the compiled policy's cache): best of 5 passes {best.TotalMilliseconds:F1} ms, {engineRate:N0} decisions/s (one thread)");

if (oracleCount == 0)
{
    return 0;
}

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
var agree = truth.Count(v => string.Equals(engine[v.Id].ToString(), v.Class, StringComparison.OrdinalIgnoreCase));
Console.WriteLine($"agreement on the oracle's ground truth: {agree}/{truth.Count} ({(double)agree / Math.Max(1, truth.Count):P2}); oracle classes: {string.Join(", ", decided.Verdicts.GroupBy(v => v.Class).Select(g => $"{g.Key} {g.Count()}"))}");
return 0;

static (TimeSpan Elapsed, Dictionary<string, PermissionDecisionKind> Decisions) Decide(IReadOnlyList<PermissionCase> cases, bool cached)
{
    var decisions = new Dictionary<string, PermissionDecisionKind>(cases.Count, StringComparer.Ordinal);
    var watch = Stopwatch.StartNew();
    foreach (var @case in cases)
    {
        var engine = PermissionEngine.For(@case.Context);
        decisions[@case.Id] = (cached ? engine.Decide(@case.Tool, @case.Input) : engine.DecideUncached(@case.Tool, @case.Input)).Decision;
    }

    return (watch.Elapsed, decisions);
}
