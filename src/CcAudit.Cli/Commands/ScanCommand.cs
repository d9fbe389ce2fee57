using System.CommandLine;
using CcAudit.Core.Audit;
using CcAudit.Core.Reports;
using CcAudit.Core.Store;

namespace CcAudit.Cli.Commands;

/// <summary><c>ccaudit scan</c>: audit this machine (read-only) and report in the format asked for.</summary>
internal static class ScanCommand
{
    public static Command Create(CliContext context)
    {
        var binder = new ScanOptionsBinder();
        var report = new ReportOptionsBinder();
        var reach = new Option<bool>("--reach") { Description = "Also walk every launch directory for reachable secrets, credentials and infrastructure code (slower)." };
        var store = StoreCommands.StoreOption();
        var noStore = new Option<bool>("--no-store") { Description = "Do not save this audit to the store." };
        var baseline = new Option<string[]>("--baseline") { Description = "A suppression file (same format as .ccaudit.yml); repeatable.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("scan", "Audit this machine: Claude homes, managed policy, launch directories, effective settings, MCP servers, and the rule catalog over all of it. Reads only; runs nothing it finds.");
        binder.AddTo(command);
        report.AddTo(command);
        command.Options.Add(reach);
        command.Options.Add(baseline);
        command.Options.Add(store);
        command.Options.Add(noStore);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = report.Bind(parse);
            var options = binder.Bind(parse, context);
            var (_, audit) = Auditor.Run(options, new AuditOptions(parse.GetValue(reach), parse.GetValue(baseline) ?? []), cancellationToken: cancellationToken);
            (options.Progress as TerminalProgress)?.Clear();
            if (!parse.GetValue(noStore))
            {
                await using var opened = await StoreLocator.OpenAsync(parse.GetValue(store), context.Environment, cancellationToken);
                var saved = await opened.SaveAsync(audit, cancellationToken);
                await context.Error.WriteLineAsync($"ccaudit: audit saved as snapshot #{saved.Id} in {StoreLocator.Describe(parse.GetValue(store), context.Environment)}");
            }

            return await output.WriteAsync(context, audit, cancellationToken);
        });
        return command;
    }
}
