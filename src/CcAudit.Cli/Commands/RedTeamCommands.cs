using System.CommandLine;
using CcAudit.Core.RedTeam;
using CcAudit.Core.Reports;

namespace CcAudit.Cli.Commands;

/// <summary><c>ccaudit redteam</c>: attacks generated from each launch directory's real policy, decided by the permission engine.</summary>
internal static class RedTeamCommands
{
    public static Command Create(CliContext context)
    {
        var binder = new ScanOptionsBinder();
        var cwd = new Option<string[]>("--cwd") { Description = "A launch directory to attack (repeatable). Default: every existing launch directory of the inventory.", Arity = ArgumentArity.ZeroOrMore };
        var noReach = new Option<bool>("--no-reach") { Description = "Skip the reach walk (secret-read probes then cover only paths rules protect)." };
        var format = new Option<string>("--format") { Description = "console, json, md or sarif.", DefaultValueFactory = _ => "console" };
        format.AcceptOnlyFromAmong("console", "json", "md", "sarif");
        var output = new Option<string?>("--output") { Description = "Write the report to this file instead of stdout." };
        var all = new Option<bool>("--all") { Description = "Console: list every probe, not only those that go through." };
        var failOn = new Option<string>("--fail-on") { Description = "Exit 1 when a finding is at or above this severity (critical … info, none).", DefaultValueFactory = _ => "none" };
        var command = new Command("redteam", "Attack each launch directory's effective policy: exfiltration, evasions, secret reads, writes, persistence, untrusted checkouts, MCP and modes. Static: runs nothing.");
        binder.AddTo(command);
        foreach (var option in new Option[] { cwd, noReach, format, output, all, failOn })
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

            var (scan, _, report) = RedTeamRun.Run(binder.Bind(parse, context), new RedTeamRequest(given, !parse.GetValue(noReach)), cancellationToken);
            string text = parse.GetValue(format) switch
            {
                "json" => RedTeamReportWriter.ToJson(report),
                "md" => RedTeamReportWriter.ToMarkdown(report),
                "sarif" => await Sarif(scan, report, cancellationToken),
                _ => RedTeamReportWriter.ToText(report, parse.GetValue(all)),
            };
            await Write(context, parse.GetValue(output), text, cancellationToken);
            return threshold is { } t && FailOn.Breaches(report.Findings, t) ? (int)ExitCode.FindingsAtOrAboveThreshold : (int)ExitCode.Ok;
        });
        return command;
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

    private static async Task<string> Sarif(Core.Discovery.ScanResult scan, RedTeamReport report, CancellationToken cancellationToken)
    {
        var audit = AuditReportBuilder.Build(scan, report.Findings, extraDiagnostics: report.Diagnostics);
        await using var stream = new MemoryStream();
        await new SarifReportWriter().WriteAsync(audit, stream, cancellationToken);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
