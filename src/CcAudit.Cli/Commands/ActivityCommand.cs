using System.CommandLine;
using System.Globalization;
using CcAudit.Cli.Output;
using CcAudit.Core.Activity;
using CcAudit.Core.Discovery;
using CcAudit.Core.Reports;
using Spectre.Console;

namespace CcAudit.Cli.Commands;

/// <summary><c>ccaudit activity</c>: what Claude Code did, from the transcripts of the homes read.</summary>
internal static class ActivityCommand
{
    public static Command Create(CliContext context)
    {
        var machine = new ScanOptionsBinder();
        var since = new Option<string?>("--since") { Description = "First UTC day to include (YYYY-MM-DD or YYYYMMDD)." };
        var until = new Option<string?>("--until") { Description = "Last UTC day to include (YYYY-MM-DD or YYYYMMDD)." };
        var under = new Option<string?>("--under") { Description = "Only sessions launched in this directory or below it (--project, as on every verb, adds a launch directory)." };
        var formats = new FormatOptions<ActivityReport>(ActivityTables.Formats.With<ActivityReport>(context, Render));

        var command = new Command("activity", "Report what Claude Code did from its transcripts: sessions, tokens and cost, tool calls, Bash commands classified, files, domains, MCP calls, permission evidence, secrets seen in tool output, baselines and anomalies.");
        foreach (var option in new Option[] { since, until, under })
        {
            command.Options.Add(option);
        }

        machine.AddTo(command);
        formats.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var destination = formats.Bind(parse);
            var scan = machine.Bind(parse, context);
            var options = new ActivityOptions(Day(parse.GetValue(since), "--since"), Day(parse.GetValue(until), "--until"), parse.GetValue(under) is { } p ? Path.GetFullPath(p) : null)
            {
                PathMaps = scan.PathMaps,
            };
            var (located, locateDiagnostics) = ClaudeHomeLocator.Locate(scan);
            var diagnostics = locateDiagnostics.ToList();
            var activity = ActivityReader.Read(located, diagnostics, options);
            var report = CcAudit.Core.Common.AuditJson.Scrubbed(new ActivityReport(ActivityReport.CurrentSchemaVersion, "ccaudit " + typeof(ActivityReader).Assembly.GetName().Version?.ToString(3), DateTimeOffset.UtcNow,
                [.. located.Select(h => h.ConfigDir)], options.Since, options.Until, options.Project, activity, diagnostics));

            await destination.WriteAsync(context, report, cancellationToken);
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static DateOnly? Day(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new UsageException($"{option} takes a date as YYYY-MM-DD or YYYYMMDD, not '{text}'");
    }

    /// <summary>The console view: headline figures and the tables a reviewer reads first, every cell escaped for Spectre markup.</summary>
    private static void Render(IAnsiConsole console, ActivityReport report)
    {
        Table(console, ActivityTables.Totals(report), int.MaxValue);
        var tables = ActivityTables.All(report.Activity).ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var name in new[] { ActivityTables.Days, ActivityTables.Directories, "models", "tools", ActivityTables.Commands, "files", "domains", "mcp", "permissions", "secrets", "anomalies", "history", "live-sessions", "mcp-logs", "mcp-log-secrets", "unknown-records", "unknown-fields" })
        {
            if (tables[name].Rows.Count > 0)
            {
                Table(console, tables[name], 25);
            }
        }

        foreach (var diagnostic in report.Diagnostics)
        {
            console.WriteLine(diagnostic.ToString());
        }
    }

    internal static void Table(IAnsiConsole console, ReportTable data, int limit)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(data.Rows.Count > limit ? $"{data.Name} (first {limit} of {data.Rows.Count})" : data.Name)) };
        foreach (var header in data.Header)
        {
            table.AddColumn(Markup.Escape(header));
        }

        foreach (var row in data.Rows.Take(limit))
        {
            table.AddRow([.. row.Select(cell => Cells.Text(cell))]);
        }

        console.Write(table);
    }
}
