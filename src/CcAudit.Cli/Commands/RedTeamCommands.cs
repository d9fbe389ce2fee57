using System.CommandLine;
using CcAudit.Core.Common;
using CcAudit.Core.RedTeam;
using CcAudit.Core.RedTeam.Live;
using CcAudit.Core.Reports;

namespace CcAudit.Cli.Commands;

/// <summary>
/// <c>ccaudit redteam</c>: attacks generated from each launch directory's real policy, decided by the permission engine;
/// with <c>--live</c>, also played by the real binary in the oracle's jail (root, Linux).
/// </summary>
internal static class RedTeamCommands
{
    private sealed record LiveFlags(Option<bool> Live, Option<int> Max, Option<string?> Endpoint, Option<string?> Claude,
        Option<string> Runs, Option<bool> Keep)
    {
        public static LiveFlags Create() => new(
            new Option<bool>("--live")
                { Description = "Also play the probes against the real Claude Code binary, jailed (root, Linux; see README)." },
            new Option<int>("--live-max") { Description = "Live: probes played per launch directory, round-robin across families.",
                DefaultValueFactory = _ => 40 },
            new Option<string?>("--model-endpoint")
                { Description = "Live: a real Messages API endpoint for the injection run, with $ANTHROPIC_API_KEY (needs network)." },
            new Option<string?>("--claude")
                { Description = "Live: the native Claude Code 2.1.328 binary (default: $CCAUDIT_CLAUDE_BIN, else claude on PATH)." },
            new Option<string>("--runs") { Description = "Live: directory for the range's sandboxes.", DefaultValueFactory = _ =>
                LiveOptions.DefaultRunsDirectory },
            new Option<bool>("--keep-runs") { Description = "Live: keep the range's sandboxes, stream-json output and debug logs." });
    }

    public static Command Create(CliContext context)
    {
        var binder = new ScanOptionsBinder();
        var cwd = new Option<string[]>("--cwd")
            { Description = "A launch directory to attack (repeatable). Default: every existing launch directory of the inventory.",
            Arity = ArgumentArity.ZeroOrMore };
        var noReach = new Option<bool>("--no-reach")
            { Description = "Skip the reach walk (secret-read probes then cover only paths rules protect)." };
        var formats = RedTeamFormats.Registry.WithFirst(ReportFormat<RedTeamOutput>.Text("console", ".txt", (o, _) =>
            RedTeamFormats.Text(o, false)));
        var format = new Option<string>("--format") { Description = formats.Help(), DefaultValueFactory = _ => "console" };
        format.AcceptOnlyFromAmong([.. formats.Names]);
        var output = new Option<string?>("--output") { Description = "Write the report to this file instead of stdout." };
        var all = new Option<bool>("--all") { Description = "Console: list every probe, not only those that go through." };
        var failOn = new Option<string>("--fail-on")
            { Description = "Exit 1 when a finding is at or above this severity (critical … info, none).",
            DefaultValueFactory = _ => "none" };
        var live = LiveFlags.Create();
        var command = new Command("redteam",
            "Attack each launch directory's effective policy: exfiltration, evasions, secret reads, writes, persistence, "
            + "untrusted checkouts, MCP and modes. Static: runs nothing; --live plays them against the real binary in a jail.");
        binder.AddTo(command);
        foreach (var option in new Option[] { cwd, noReach, format, output, all, failOn, live.Live, live.Max, live.Endpoint, live.Claude,
            live.Runs, live.Keep })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var given = parse.GetValue(cwd) ?? [];
            if (given.FirstOrDefault(d => !Directory.Exists(d)) is { } missing)
            {
                await context.Error.WriteLineAsync($"ccaudit: --cwd {missing}: no such directory");
                return (int)ExitCode.Usage;
            }

            var threshold = FailOn.Parse(parse.GetValue(failOn), out var none);
            if (threshold is null && !none)
            {
                throw new UsageException($"unknown --fail-on '{parse.GetValue(failOn)}'");
            }

            var (liveOptions, unusable) = await ResolveLiveAsync(parse, live, context);
            if (unusable)
            {
                return (int)ExitCode.Usage;
            }

            var (scan, ruleContext, report) = RedTeamRun.Run(binder.Bind(parse, context), new RedTeamRequest(given,
                !parse.GetValue(noReach)), cancellationToken);
            var played = liveOptions is null ? null : await PlayAsync(context, ruleContext, report, liveOptions, cancellationToken);
            if (played?.Launches.FirstOrDefault(l => !l.SelfCheckPassed) is not null)
            {
                return (int)ExitCode.Failure;
            }

            var findings = report.Findings.Concat(played?.Findings ?? []).ToList();
            var audit = AuditReportBuilder.Build(scan, findings, extraDiagnostics: report.Diagnostics);
            var rendered = new RedTeamOutput(report, audit, played);
            var chosen = parse.GetValue(format) == "console"
                ? ReportFormat<RedTeamOutput>.Text("console", ".txt", (o, _) => RedTeamFormats.Text(o, parse.GetValue(all)))
                : formats.Find(parse.GetValue(format))!;
            if (!await RenderAsync(context, chosen, rendered, parse.GetValue(output), cancellationToken))
            {
                return (int)ExitCode.Failure;
            }

            return threshold is { } t && FailOn.Breaches(findings, t) ? (int)ExitCode.FindingsAtOrAboveThreshold : (int)ExitCode.Ok;
        });
        return command;
    }

    /// <summary>The live options when <c>--live</c> is given; a reason it cannot run is said and is a usage error (exit 2).</summary>
    private static async Task<(LiveOptions? Options, bool Unusable)> ResolveLiveAsync(ParseResult parse, LiveFlags live, CliContext context)
    {
        if (!parse.GetValue(live.Live))
        {
            return parse.GetValue(live.Endpoint) is not null || parse.GetResult(live.Max) is { Implicit: false }
                ? throw new UsageException("--live-max and --model-endpoint need --live")
                : (null, false);
        }

        var (options, problem) = LiveOptionsOf(parse, live, context);
        if (problem is not null)
        {
            await context.Error.WriteLineAsync($"ccaudit: redteam --live cannot run: {problem}");
        }

        return (options, problem is not null);
    }

    /// <summary>Renders and writes the report, unless it would carry a canary whole (then says which and writes nothing).</summary>
    private static async Task<bool> RenderAsync(
        CliContext context, ReportFormat<RedTeamOutput> format, RedTeamOutput output, string? file, CancellationToken cancellationToken)
    {
        await using var buffer = new MemoryStream();
        await format.Write(output, FormatRequest.Default, buffer, cancellationToken);
        var text = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        if (output.Live?.Leaks(text) is { Count: > 0 } leaks)
        {
            var names = string.Join(", ", leaks);
            await context.Error.WriteLineAsync($"ccaudit: refusing to write the report: it holds the whole value of canary {names}");
            return false;
        }

        await Write(context, file, text, cancellationToken);
        return true;
    }

    /// <summary>The live pass of every attacked directory; a failed self-check is said on stderr, with every failed check.</summary>
    private static async Task<LiveRedTeamReport> PlayAsync(
        CliContext context, Core.Rules.RuleContext ruleContext, RedTeamReport report, LiveOptions options,
            CancellationToken cancellationToken)
    {
        var targets = report.Launches
            .Select(p => (RedTeamRule.TargetOf(ruleContext, ruleContext.Launches.First(l => l.Path == p.Directory)), p))
            .ToList();
        var progress = new Progress<string>(line => context.Error.WriteLine("ccaudit: " + line));
        var played = await LiveRedTeam.RunAllAsync(targets, options, progress, cancellationToken);
        if (played.Launches.FirstOrDefault(l => !l.SelfCheckPassed) is { } failed)
        {
            await context.Error.WriteLineAsync(
                $"ccaudit: the live range failed its self-check in {failed.Directory}; nothing was reported:");
            foreach (var check in failed.SelfCheck.Where(c => !c.Passed))
            {
                await context.Error.WriteLineAsync($"  {check.Name}: {check.Detail}");
            }
        }

        return played;
    }

    /// <summary>The live options, or why the live red team cannot run here (exit 2: it was asked for and cannot be had).</summary>
    private static (LiveOptions? Options, string? Error) LiveOptionsOf(ParseResult parse, LiveFlags live, CliContext context)
    {
        if (parse.GetValue(live.Max) is < 1 or > 1000)
        {
            return (null, "--live-max must be 1-1000");
        }

        Uri? endpoint = null;
        if (parse.GetValue(live.Endpoint) is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out endpoint)
            || endpoint.Scheme is not ("https" or "http")))
        {
            return (null, $"--model-endpoint {url}: not an http(s) URL");
        }

        var key = context.GetEnv("ANTHROPIC_API_KEY");
        if (endpoint is not null && string.IsNullOrEmpty(key))
        {
            return (null, "--model-endpoint needs the API key in ANTHROPIC_API_KEY");
        }

        var binary = parse.GetValue(live.Claude) ?? context.GetEnv("CCAUDIT_CLAUDE_BIN") ?? PermissionsOracleCommands.FindClaude(context);
        var reason = binary is null ? "no Claude Code binary found (--claude or CCAUDIT_CLAUDE_BIN)" : LiveRedTeam.CannotRunReason(binary);
        return reason is not null
            ? (null, reason)
            : (new LiveOptions(Path.GetFullPath(binary!), Path.GetFullPath(parse.GetValue(live.Runs)!), parse.GetValue(live.Max), endpoint,
                key, parse.GetValue(live.Keep)), null);
    }

    internal static async Task Write(CliContext context, string? file, string text, CancellationToken cancellationToken)
    {
        if (file is not null)
        {
            await CliContext.WriteTextAsync(file, text, cancellationToken);
            await context.Error.WriteLineAsync($"ccaudit: report written to {file}");
        }
        else
        {
            await context.Out.WriteAsync(text);
        }
    }
}
