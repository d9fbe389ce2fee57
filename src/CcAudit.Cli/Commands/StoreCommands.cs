using System.CommandLine;
using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Reports;
using CcAudit.Core.Store;
using Spectre.Console;

namespace CcAudit.Cli.Commands;

/// <summary><c>ccaudit history</c> and <c>ccaudit drift</c>: audits kept in the store, and what changed between them.</summary>
internal static class StoreCommands
{
    public static Option<string?> StoreOption() => new("--store") { Description = "Snapshot store: a SQLite file, or a postgres:// URL (default: SQLite in the user's data directory)." };

    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return History(context);
        yield return Drift(context);
    }

    private static Command History(CliContext context)
    {
        var store = StoreOption();
        var format = new Option<string>("--format") { Description = "console or json.", DefaultValueFactory = _ => "console" };
        var command = new Command("history", "List the audits kept in the store.") { store, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var opened = await StoreLocator.OpenAsync(parse.GetValue(store), context.Environment, cancellationToken);
            var snapshots = await opened.ListAsync(cancellationToken);
            if (parse.GetValue(format) == "json")
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(snapshots, AuditJson.Options).AsMemory(), cancellationToken);
                return (int)ExitCode.Ok;
            }

            var table = new Table().Title($"Audits in {StoreLocator.Describe(parse.GetValue(store), context.Environment)}").AddColumns("id", "when (UTC)", "machine", "user", "launch dirs", "findings", "tool");
            foreach (var s in snapshots)
            {
                table.AddRow(Cells.Text(s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), Cells.Text(s.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)), Cells.Text(s.Machine), Cells.Text(s.User), Cells.Text(s.LaunchDirectories.ToString(System.Globalization.CultureInfo.InvariantCulture)), Cells.Text(s.Findings.ToString(System.Globalization.CultureInfo.InvariantCulture)), Cells.Text(s.Tool));
            }

            context.OutConsole.Write(table);
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static Command Drift(CliContext context)
    {
        var from = new Argument<long?>("from") { Description = "Snapshot id to compare from (default: the newest earlier audit of this machine, user and homes).", Arity = ArgumentArity.ZeroOrOne };
        var to = new Argument<long?>("to") { Description = "Snapshot id to compare to (default: the newest of this machine).", Arity = ArgumentArity.ZeroOrOne };
        var store = StoreOption();
        var format = new Option<string>("--format") { Description = "console, json, md or html.", DefaultValueFactory = _ => "console" };
        var output = new Option<string?>("--output") { Description = "Write to this file instead of stdout." };
        var command = new Command("drift", "Show what changed between two audits: permission rules per tier and file, modes, trust, hooks, launch directories, MCP servers and tools, findings.") { from, to, store, format, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var outputFormat = parse.GetValue(format)!;
            if (!DriftWriter.Formats.Contains(outputFormat))
            {
                throw new UsageException($"unknown format '{outputFormat}' ({string.Join(", ", DriftWriter.Formats)})");
            }

            await using var opened = await StoreLocator.OpenAsync(parse.GetValue(store), context.Environment, cancellationToken);
            var snapshots = await opened.ListAsync(cancellationToken);
            var mine = snapshots.Where(s => s.Machine == Environment.MachineName).ToList();
            var toId = parse.GetValue(to) ?? (mine.Count > 0 ? mine[^1].Id : throw new UsageException("no audits of this machine in the store: run `ccaudit scan` first"));
            var toInfo = snapshots.FirstOrDefault(s => s.Id == toId) ?? throw new UsageException($"no snapshot {toId} (see `ccaudit history`)");
            var toReport = (await opened.LoadAsync(toId, cancellationToken))!;
            var fromId = parse.GetValue(from);
            AuditReport? fromReport = null;
            if (fromId is null)
            {
                // An audit of `--home X` next to one of the default home would show every difference between two users as drift.
                foreach (var candidate in mine.Where(s => s.Id < toId && s.User == toInfo.User).Reverse())
                {
                    var report = (await opened.LoadAsync(candidate.Id, cancellationToken))!;
                    if (AuditedHomes(report).SequenceEqual(AuditedHomes(toReport), StringComparer.Ordinal))
                    {
                        (fromId, fromReport) = (candidate.Id, report);
                        break;
                    }
                }

                if (fromId is null)
                {
                    throw new UsageException("drift needs two audits of the same homes by the same user: run `ccaudit scan` again later, or name two snapshot ids");
                }
            }

            var fromInfo = snapshots.FirstOrDefault(s => s.Id == fromId) ?? throw new UsageException($"no snapshot {fromId} (see `ccaudit history`)");
            fromReport ??= (await opened.LoadAsync(fromInfo.Id, cancellationToken))!;
            var drift = DriftCalculator.Compare(fromInfo, fromReport, toInfo, toReport);
            var text = DriftWriter.Render(drift, outputFormat);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file, text, cancellationToken);
            }
            else
            {
                await context.Out.WriteAsync(text.AsMemory(), cancellationToken);
            }

            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static List<string> AuditedHomes(AuditReport report) => report.Inventory.Homes.Select(h => h.ConfigDir).Order(StringComparer.Ordinal).ToList();
}
