using System.CommandLine;
using System.Text.Json.Nodes;
using CcAudit.Core.Permissions;
using CcAudit.Core.Permissions.Oracle;

namespace CcAudit.Cli.Commands;

/// <summary><c>ccaudit permissions oracle</c> and <c>generate</c>: ground truth from the real binary, and cases to ask it.</summary>
internal static class PermissionsOracleCommands
{
    public static Command Oracle(CliContext context)
    {
        var cases = new Option<string>("--cases") { Description = "Permission cases to decide, one JSON object per line (shared/permission-cases/FORMAT.md).", Required = true };
        var output = new Option<string?>("--output") { Description = "Write the decided cases to this file instead of stdout." };
        var claude = new Option<string?>("--claude") { Description = "The native Claude Code 2.1.328 binary (default: $CCAUDIT_CLAUDE_BIN, else claude on PATH)." };
        var runs = new Option<string>("--runs") { Description = "Directory for sandboxes and run artefacts.", DefaultValueFactory = _ => OracleOptions.DefaultRunsDirectory };
        var batch = new Option<int>("--batch") { Description = "Probes per run of the binary.", DefaultValueFactory = _ => 120 };
        var jobs = new Option<int>("--jobs") { Description = "Runs at once.", DefaultValueFactory = _ => 2 };
        var keep = new Option<bool>("--keep-runs") { Description = "Keep each run's sandbox, stream-json output and debug log." };
        var command = new Command("oracle", "Decide permission cases with the real Claude Code binary, offline and jailed (root; see README): writes each case with the binary's answer as expect.")
        {
            cases, output, claude, runs, batch, jobs, keep,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(cases)!;
            if (!File.Exists(path))
            {
                throw new UsageException($"no such file: {path}");
            }

            if (parse.GetValue(batch) is < 1 or > 1000 || parse.GetValue(jobs) is < 1 or > 16)
            {
                throw new UsageException("--batch must be 1-1000 and --jobs 1-16");
            }

            var binary = parse.GetValue(claude) ?? context.GetEnv("CCAUDIT_CLAUDE_BIN") ?? FindClaude(context);
            var reason = binary is null ? "no Claude Code binary found (--claude or CCAUDIT_CLAUDE_BIN)" : ClaudeOracle.CannotRunReason(binary);
            if (reason is not null)
            {
                await context.Error.WriteLineAsync($"ccaudit: the oracle cannot run: {reason}");
                return (int)ExitCode.Failure;
            }

            var parsed = new List<PermissionCase>();
            foreach (var (_, result) in PermissionCase.ReadFile(path))
            {
                if (result.Value is { } @case)
                {
                    parsed.Add(@case);
                }
                else
                {
                    await context.Error.WriteLineAsync(result.Diagnostics[0].ToString());
                }
            }

            var oracle = new ClaudeOracle(new OracleOptions(Path.GetFullPath(binary!), Path.GetFullPath(parse.GetValue(runs)!), parse.GetValue(batch), parse.GetValue(jobs), parse.GetValue(keep)));
            var progress = context.ErrorIsTerminal ? new Progress<int>(n => context.Error.Write($"\r{n}/{parsed.Count} cases decided")) : null;
            var decided = await oracle.DecideAsync(parsed, progress, cancellationToken);
            if (progress is not null)
            {
                await context.Error.WriteLineAsync();
            }

            await using var file = parse.GetValue(output) is { } target ? CliContext.CreateText(target) : null;
            var writer = file ?? context.Out;
            var byId = parsed.GroupBy(c => c.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var agreed = 0;
            var compared = 0;
            foreach (var verdict in decided.Verdicts)
            {
                var @case = byId[verdict.Id];
                var node = JsonNode.Parse(@case.Raw.GetRawText())!.AsObject();
                if (@case.Expect is not null && verdict.IsGroundTruth)
                {
                    compared++;
                    agreed += @case.Expect == verdict.Class ? 1 : 0;
                }

                node.Remove("expect");
                node.Remove("oracle");
                if (verdict.IsGroundTruth)
                {
                    node["expect"] = verdict.Class;
                }

                node["oracle"] = new JsonObject { ["class"] = verdict.Class, ["reason"] = verdict.Reason, ["run"] = verdict.RunId };
                await writer.WriteLineAsync(node.ToJsonString());
            }

            await WriteSummaryAsync(context.Error, decided, compared, agreed);
            return decided.Runs.Any(r => r.Problems.Count > 0) ? (int)ExitCode.Failure : (int)ExitCode.Ok;
        });
        return command;
    }

    public static Command Generate(CliContext context)
    {
        var seed = new Option<int>("--seed") { Description = "Seed; the same seed always gives the same cases.", DefaultValueFactory = _ => 1 };
        var scenarios = new Option<int>("--scenarios") { Description = "Configurations (mode, trust, rules in every tier, MCP servers).", DefaultValueFactory = _ => 50 };
        var probes = new Option<int>("--probes") { Description = "Probes per configuration.", DefaultValueFactory = _ => 64 };
        var output = new Option<string?>("--output") { Description = "Write the cases to this file instead of stdout." };
        var command = new Command("generate", "Generate permission cases (rule families x probe families, seeded) for the oracle to decide.") { seed, scenarios, probes, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(scenarios) is < 1 or > 100_000 || parse.GetValue(probes) is < 1 or > 1000)
            {
                throw new UsageException("--scenarios must be 1-100000 and --probes 1-1000");
            }

            await using var file = parse.GetValue(output) is { } target ? CliContext.CreateText(target) : null;
            var writer = file ?? context.Out;
            foreach (var @case in PermissionCaseGenerator.Generate(parse.GetValue(seed), parse.GetValue(scenarios), parse.GetValue(probes)))
            {
                await writer.WriteLineAsync(@case.ToJsonString());
            }

            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static async Task WriteSummaryAsync(TextWriter error, OracleResult decided, int compared, int agreed)
    {
        var classes = decided.Verdicts.GroupBy(v => v.Class).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");
        await error.WriteLineAsync($"oracle: {decided.Verdicts.Count} cases in {decided.Runs.Count} runs ({decided.Runs.Sum(r => r.Wall.TotalSeconds):F1} s of binary time): {string.Join(", ", classes)}");
        foreach (var run in decided.Runs.Where(r => r.Problems.Count > 0))
        {
            await error.WriteLineAsync($"oracle: run {run.RunId} is invalid: {string.Join("; ", run.Problems)}");
        }

        foreach (var note in decided.Runs.SelectMany(r => r.Notes.Select(n => (r.RunId, Note: n))).Take(20))
        {
            await error.WriteLineAsync($"oracle: run {note.RunId}: {note.Note}");
        }

        if (compared > 0)
        {
            await error.WriteLineAsync($"oracle: agrees with {agreed} of the {compared} expectations the input carried");
        }

        await error.WriteLineAsync($"oracle: egress attempts seen by the canary: {decided.Egress.Count}" + string.Concat(decided.Egress.Take(5).Select(e => $"; {e.Method} {e.Target}")));
    }

    /// <summary><c>claude</c> on PATH is usually a link into the npm package; the link's target is the native binary.</summary>
    internal static string? FindClaude(CliContext context) =>
        (context.GetEnv("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "claude"))
            .Where(File.Exists)
            .Select(path => File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path)
            .FirstOrDefault();
}
