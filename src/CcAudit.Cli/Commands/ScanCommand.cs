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
        var report = new ReportOptionsBinder(context);
        var reach = new Option<bool>("--reach") { Description = "Also walk every launch directory for reachable secrets, credentials and infrastructure code (slower)." };
        var store = StoreCommands.StoreOption();
        var noStore = new Option<bool>("--no-store") { Description = "Do not save this audit to the store." };
        var snapshotOut = new Option<string?>("--out") { Description = "Also write a portable snapshot file (JSON with content hash and tool version) for fleet collection." };
        var connectMcp = new Option<bool>("--connect-mcp") { Description = "Opt-in: connect to every MCP server that would load (stdio servers run sandboxed: loopback-only network, scrubbed env, timeouts) and check what they say." };
        var baseline = new Option<string[]>("--baseline") { Description = "A suppression file (same format as .ccaudit.yml); repeatable.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("scan", "Audit this machine: Claude homes, managed policy, launch directories, effective settings, MCP servers, and the rule catalog over all of it. Reads only; runs nothing it finds.");
        binder.AddTo(command);
        report.AddTo(command);
        command.Options.Add(reach);
        command.Options.Add(baseline);
        command.Options.Add(store);
        command.Options.Add(noStore);
        command.Options.Add(connectMcp);
        command.Options.Add(snapshotOut);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = report.Bind(parse);
            var options = binder.Bind(parse, context);
            await using var opened = parse.GetValue(noStore) ? null : await StoreLocator.OpenAsync(parse.GetValue(store), context.Environment, cancellationToken);
            var auditOptions = new AuditOptions(parse.GetValue(reach), parse.GetValue(baseline) ?? [], parse.GetValue(connectMcp) ? new Core.Mcp.Inspection.McpInspectionOptions() : null)
            {
                Pins = opened,
                BeforeLaunch = line => context.Error.WriteLine($"ccaudit: {line}"),
            };
            var (_, audit) = await Auditor.RunAsync(options, auditOptions, cancellationToken: cancellationToken);
            (options.Progress as TerminalProgress)?.Clear();
            if (opened is not null)
            {
                var saved = await opened.SaveAsync(audit, cancellationToken);
                await context.Error.WriteLineAsync($"ccaudit: audit saved as snapshot #{saved.Id} in {StoreLocator.Describe(parse.GetValue(store), context.Environment)}");
            }

            if (parse.GetValue(snapshotOut) is { } snapshotPath)
            {
                await SnapshotFile.WriteAsync(audit, snapshotPath, cancellationToken);
                await context.Error.WriteLineAsync($"ccaudit: snapshot file written to {snapshotPath}");
            }

            return await output.WriteAsync(context, audit, cancellationToken);
        });
        return command;
    }
}
