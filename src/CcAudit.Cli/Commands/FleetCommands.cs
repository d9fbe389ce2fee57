using System.CommandLine;
using CcAudit.Cli.Output;
using CcAudit.Core.Store;
using Spectre.Console;

namespace CcAudit.Cli.Commands;

/// <summary><c>ccaudit fleet import</c> and <c>ccaudit fleet report</c>: many machines' audits in one store.</summary>
internal static class FleetCommands
{
    public static Command Create(CliContext context)
    {
        var fleet = new Command("fleet", "Collect snapshot files from many machines and report across them.");
        fleet.Subcommands.Add(Import(context));
        fleet.Subcommands.Add(Report(context));
        return fleet;
    }

    private static Command Import(CliContext context)
    {
        var paths = new Argument<string[]>("paths") { Description = "Snapshot files (from `ccaudit scan --out FILE`) or directories of them.", Arity = ArgumentArity.OneOrMore };
        var store = StoreCommands.StoreOption();
        var command = new Command("import", "Import snapshot files into the store: idempotent by content hash; corrupt or tampered files are rejected whole.") { paths, store };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var opened = await StoreLocator.OpenAsync(parse.GetValue(store), context.Environment, cancellationToken);
            var outcomes = await FleetImporter.ImportAsync(opened, parse.GetValue(paths)!, context.ErrorIsTerminal ? new TerminalProgress(context.Error) : null, cancellationToken);
            foreach (var outcome in outcomes)
            {
                await context.Out.WriteLineAsync(outcome.Problem is null ? $"{outcome.Result,-16} #{outcome.SnapshotId} {outcome.Path}" : $"{outcome.Result,-16} {outcome.Path}: {outcome.Problem.Message}");
            }

            var rejected = outcomes.Count(o => o.Result == FleetImporter.Rejected);
            await context.Error.WriteLineAsync($"ccaudit: {outcomes.Count(o => o.Result == FleetImporter.Imported)} imported, {outcomes.Count(o => o.Result == FleetImporter.AlreadyPresent)} already present, {rejected} rejected");
            return rejected == 0 ? (int)ExitCode.Ok : (int)ExitCode.Failure;
        });
        return command;
    }

    private static Command Report(CliContext context)
    {
        var store = StoreCommands.StoreOption();
        var formats = new FormatOptions<FleetReport>(FleetFormats.Registry.With<FleetReport>(context, Render), "--table");
        var command = new Command("report", "Answer the inventory questions for the whole fleet: machines and users, repositories, settings per tier, MCP servers, riskiest rules, machines without managed policy.") { store };
        formats.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var destination = formats.Bind(parse);
            await using var opened = await StoreLocator.OpenAsync(parse.GetValue(store), context.Environment, cancellationToken);
            var report = await FleetReportBuilder.BuildAsync(opened, cancellationToken);
            await destination.WriteAsync(context, report, cancellationToken);
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, FleetReport report)
    {
        console.Write(new Rule(Markup.Escape(FleetFormats.Title(report))));
        foreach (var data in report.Tables)
        {
            var table = new Table().Title($"{data.Name} ({data.Rows.Count})");
            foreach (var header in data.Header)
            {
                table.AddColumn(new TableColumn(Cells.Text(header)));
            }

            foreach (var row in data.Rows.Take(50))
            {
                table.AddRow([.. row.Select(v => (Spectre.Console.Rendering.IRenderable)Cells.Text(v))]);
            }

            console.Write(table);
        }
    }
}
