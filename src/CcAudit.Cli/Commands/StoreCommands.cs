using System.CommandLine;
using System.Globalization;
using CcAudit.Cli.Output;
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

    /// <summary>The audits of one store, as <c>history</c> shows them.</summary>
    private sealed record HistoryView(string Store, IReadOnlyList<SnapshotInfo> Snapshots);

    private static Command History(CliContext context)
    {
        var store = StoreOption();
        var formats = new FormatOptions<HistoryView>(
            new FormatRegistry<HistoryView>("history", [ReportFormat<HistoryView>.Json(v => v.Snapshots)]).With<HistoryView>(context, RenderHistory));
        var command = new Command("history", "List the audits kept in the store.") { store };
        formats.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var destination = formats.Bind(parse);
            await using var opened = await StoreLocator.OpenAsync(parse.GetValue(store), context.Environment, cancellationToken);
            var view = new HistoryView(StoreLocator.Describe(parse.GetValue(store), context.Environment), await opened.ListAsync(cancellationToken));
            await destination.WriteAsync(context, view, cancellationToken);
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static void RenderHistory(IAnsiConsole console, HistoryView view)
    {
        var table = new Table().Title($"Audits in {Markup.Escape(view.Store)}").AddColumns("id", "when (UTC)", "machine", "user", "launch dirs", "findings", "tool");
        foreach (var s in view.Snapshots)
        {
            table.AddRow(Cells.Text(I(s.Id)), Cells.Text(s.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)), Cells.Text(s.Machine),
                Cells.Text(s.User), Cells.Text(I(s.LaunchDirectories)), Cells.Text(I(s.Findings)), Cells.Text(s.Tool));
        }

        console.Write(table);
    }

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static Command Drift(CliContext context)
    {
        var from = new Argument<long?>("from") { Description = "Snapshot id to compare from (default: the newest earlier audit of this machine, user and homes).", Arity = ArgumentArity.ZeroOrOne };
        var to = new Argument<long?>("to") { Description = "Snapshot id to compare to (default: the newest of this machine).", Arity = ArgumentArity.ZeroOrOne };
        var store = StoreOption();
        var formats = new FormatOptions<DriftReport>(DriftWriter.Registry);
        var command = new Command("drift", "Show what changed between two audits: permission rules per tier and file, modes, trust, hooks, launch directories, MCP servers and tools, findings.") { from, to, store };
        formats.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var destination = formats.Bind(parse);

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
            await destination.WriteAsync(context, drift, cancellationToken);

            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static List<string> AuditedHomes(AuditReport report) => report.Inventory.Homes.Select(h => h.ConfigDir).Order(StringComparer.Ordinal).ToList();
}
