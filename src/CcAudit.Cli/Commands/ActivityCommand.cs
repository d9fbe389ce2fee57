using System.CommandLine;
using System.Globalization;
using CcAudit.Core.Activity;
using CcAudit.Core.Discovery;
using CcAudit.Core.Reports;
using Spectre.Console;

namespace CcAudit.Cli.Commands;

/// <summary><c>ccaudit activity</c>: what Claude Code did, from the transcripts of the homes read.</summary>
internal static class ActivityCommand
{
    private static readonly string[] Formats = ["console", "json", "md", "html", "csv", "xlsx"];

    public static Command Create(CliContext context)
    {
        var homes = new Option<string[]>("--home") { Description = "A user home whose Claude homes are read (repeatable). Default: yours, with CLAUDE_CONFIG_DIR and profile exports.", Arity = ArgumentArity.OneOrMore };
        var allUsers = new Option<bool>("--all-users") { Description = "Also read every readable home on this machine." };
        var since = new Option<string?>("--since") { Description = "First UTC day to include (YYYY-MM-DD or YYYYMMDD)." };
        var until = new Option<string?>("--until") { Description = "Last UTC day to include (YYYY-MM-DD or YYYYMMDD)." };
        var project = new Option<string?>("--project") { Description = "Only sessions launched in this directory or below it." };
        var format = new Option<string>("--format") { Description = "console, json, md, html, csv or xlsx (xlsx needs --output).", DefaultValueFactory = _ => "console" };
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<string?>("--output") { Description = "Write the report to this file instead of stdout." };
        var csvTable = new Option<string>("--csv-table") { Description = $"Which table --format csv writes: {string.Join(", ", ActivityTables.Names)}.", DefaultValueFactory = _ => ActivityTables.Days };
        csvTable.AcceptOnlyFromAmong([.. ActivityTables.Names]);

        var command = new Command("activity", "Report what Claude Code did from its transcripts: sessions, tokens and cost, tool calls, Bash commands classified, files, domains, MCP calls, permission evidence, secrets seen in tool output, baselines and anomalies.");
        foreach (var option in new Option[] { homes, allUsers, since, until, project, format, output, csvTable })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = parse.GetValue(format) ?? "console";
            var file = parse.GetValue(output);
            if (chosen == "xlsx" && file is null)
            {
                throw new UsageException("--format xlsx is binary: name a file with --output");
            }

            var options = new ActivityOptions(Day(parse.GetValue(since), "--since"), Day(parse.GetValue(until), "--until"), parse.GetValue(project) is { } p ? Path.GetFullPath(p) : null);
            var (located, locateDiagnostics) = ClaudeHomeLocator.Locate(new ScanOptions(
                [.. (parse.GetValue(homes) ?? []).Select(Path.GetFullPath)], parse.GetValue(allUsers), null, [], PathMap.None, context.Environment));
            var diagnostics = locateDiagnostics.ToList();
            var activity = ActivityReader.Read(located, diagnostics, options);
            var report = new ActivityReport(ActivityReport.CurrentSchemaVersion, "ccaudit " + typeof(ActivityReader).Assembly.GetName().Version?.ToString(3), DateTimeOffset.UtcNow,
                [.. located.Select(h => h.ConfigDir)], options.Since, options.Until, options.Project, activity, diagnostics);

            if (chosen == "console")
            {
                await using var writer = file is null ? null : new StreamWriter(file);
                Render(writer is null ? context.OutConsole : CliContext.CreateConsole(writer), report);
            }
            else if (file is null)
            {
                await using var buffer = new MemoryStream();
                await ActivityTables.WriteAsync(report, chosen, parse.GetValue(csvTable) ?? ActivityTables.Days, buffer, cancellationToken);
                await context.Out.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()).AsMemory(), cancellationToken);
            }
            else
            {
                await using var stream = File.Create(file);
                await ActivityTables.WriteAsync(report, chosen, parse.GetValue(csvTable) ?? ActivityTables.Days, stream, cancellationToken);
            }

            if (file is not null)
            {
                await context.Error.WriteLineAsync($"ccaudit: {chosen} activity report written to {file}");
            }

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
            table.AddRow([.. row.Select(cell => new Text(cell))]);
        }

        console.Write(table);
    }
}
