using System.CommandLine;
using CcAudit.Core.Reports;

namespace CcAudit.Cli.Commands;

/// <summary><c>--format</c>, <c>--output</c>, <c>--fail-on</c> and <c>--csv-table</c>, shared by every verb that writes an audit report.</summary>
internal sealed class ReportOptionsBinder
{
    public Option<string> Format { get; } = new("--format") { Description = "console, json, sarif, md, html, csv or xlsx (xlsx needs --output).", DefaultValueFactory = _ => "console" };

    public Option<string?> Output { get; } = new("--output") { Description = "Write the report to this file instead of stdout." };

    public Option<string> FailOn { get; } = new("--fail-on") { Description = "Exit with 1 when a finding is at or above this severity: critical, high, medium, low, info or none.", DefaultValueFactory = _ => "none" };

    public Option<string> CsvTable { get; } = new("--csv-table") { Description = $"Which table --format csv writes: {string.Join(", ", ReportTables.Names)}.", DefaultValueFactory = _ => ReportTables.Findings };

    public void AddTo(Command command)
    {
        command.Options.Add(Format);
        command.Options.Add(Output);
        command.Options.Add(FailOn);
        command.Options.Add(CsvTable);
    }

    public ReportOutput Bind(ParseResult parse)
    {
        var format = parse.GetValue(Format) ?? "console";
        var table = parse.GetValue(CsvTable) ?? ReportTables.Findings;
        if (!ReportTables.Names.Contains(table))
        {
            throw new UsageException($"unknown --csv-table '{table}' ({string.Join(", ", ReportTables.Names)})");
        }

        var writer = format == "console" ? null : ReportWriters.Get(format, table) ?? throw new UsageException($"unknown format '{format}' (console, {string.Join(", ", ReportWriters.Formats)})");
        var outputPath = parse.GetValue(Output);
        if (writer is { IsText: false } && outputPath is null)
        {
            throw new UsageException($"--format {format} is binary: name a file with --output");
        }

        var threshold = Core.Reports.FailOn.Parse(parse.GetValue(FailOn), out var none);
        if (threshold is null && !none)
        {
            throw new UsageException($"unknown --fail-on '{parse.GetValue(FailOn)}' (critical, high, medium, low, info, none)");
        }

        return new ReportOutput(writer, outputPath, threshold);
    }
}
