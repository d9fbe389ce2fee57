using System.CommandLine;
using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Reports;
using CcAudit.Core.Store;
using Spectre.Console;

namespace CcAudit.Cli.Commands;

/// <summary><c>ccaudit fleet import</c> and <c>ccaudit fleet report</c>: many machines' audits in one store.</summary>
internal static class FleetCommands
{
    private static readonly string[] Formats = ["console", "json", "md", "csv", "html", "xlsx"];

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
        var format = new Option<string>("--format") { Description = "console, json, md, csv, html or xlsx (xlsx needs --output).", DefaultValueFactory = _ => "console" };
        var output = new Option<string?>("--output") { Description = "Write to this file instead of stdout." };
        var table = new Option<string>("--table") { Description = $"For csv: {string.Join(", ", FleetReportBuilder.TableNames)}.", DefaultValueFactory = _ => "mcp-servers" };
        var command = new Command("report", "Answer the inventory questions for the whole fleet: machines and users, repositories, settings per tier, MCP servers, riskiest rules, machines without managed policy.") { store, format, output, table };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var outputFormat = parse.GetValue(format)!;
            var tableName = parse.GetValue(table)!;
            if (!Formats.Contains(outputFormat) || !FleetReportBuilder.TableNames.Contains(tableName))
            {
                throw new UsageException($"--format is one of {string.Join(", ", Formats)}; --table one of {string.Join(", ", FleetReportBuilder.TableNames)}");
            }

            var path = parse.GetValue(output);
            if (outputFormat == "xlsx" && path is null)
            {
                throw new UsageException("--format xlsx is binary: name a file with --output");
            }

            await using var opened = await StoreLocator.OpenAsync(parse.GetValue(store), context.Environment, cancellationToken);
            var report = await FleetReportBuilder.BuildAsync(opened, cancellationToken);
            var title = $"Claude Code fleet: {report.Machines} machine/user pair(s), {report.Snapshots} audit(s)";
            await using var buffer = new MemoryStream();
            switch (outputFormat)
            {
                case "json":
                    await JsonSerializer.SerializeAsync(buffer, report, AuditJson.Options, cancellationToken);
                    break;
                case "md":
                    await buffer.WriteAsync(System.Text.Encoding.UTF8.GetBytes(TableDocument.Markdown(title, report.Tables)), cancellationToken);
                    break;
                case "html":
                    await buffer.WriteAsync(System.Text.Encoding.UTF8.GetBytes(TableDocument.Html(title, report.Tables)), cancellationToken);
                    break;
                case "csv":
                    await CsvReportWriter.WriteTableAsync(report.Tables.Single(t => t.Name == tableName), buffer, cancellationToken);
                    break;
                case "xlsx":
                    await XlsxReportWriter.WriteSheetsAsync([.. report.Tables.Select(t => (t.Name, t))], buffer, cancellationToken);
                    break;
                default:
                    Render(path is null ? context.OutConsole : null, title, report);
                    break;
            }

            if (path is not null)
            {
                await File.WriteAllBytesAsync(path, buffer.ToArray(), cancellationToken);
            }
            else if (buffer.Length > 0)
            {
                await context.Out.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()).AsMemory(), cancellationToken);
            }

            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static void Render(IAnsiConsole? console, string title, FleetReport report)
    {
        if (console is null)
        {
            return;
        }

        console.Write(new Rule(Markup.Escape(title)));
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
