using System.CommandLine;
using CcAudit.Cli.Output;
using CcAudit.Core.Reports;

namespace CcAudit.Cli.Commands;

/// <summary><c>--format</c>, <c>--output</c>, <c>--fail-on</c> and <c>--csv-table</c> of every verb that writes an audit report.</summary>
internal sealed class ReportOptionsBinder(CliContext context)
{
    /// <summary>The severities <c>--fail-on</c> accepts, lowest last, and <c>none</c>.</summary>
    public static readonly string[] FailOnValues = ["critical", "high", "medium", "low", "info", "none"];

    private readonly FormatOptions<AuditReport> _formats = new(ReportWriters.Registry.With<AuditReport>(context, ReportConsoleView.Render));

    public Option<string> FailOn { get; } = CreateFailOn();

    public void AddTo(Command command)
    {
        _formats.AddTo(command);
        command.Options.Add(FailOn);
    }

    public ReportOutput Bind(ParseResult parse)
    {
        var threshold = Core.Reports.FailOn.Parse(parse.GetValue(FailOn), out _);
        return new ReportOutput(_formats.Bind(parse), threshold);
    }

    private static Option<string> CreateFailOn()
    {
        var option = new Option<string>("--fail-on")
        {
            Description = "Exit with 1 when a finding is at or above this severity: critical, high, medium, low, info or none.",
            DefaultValueFactory = _ => "none",
        };
        option.AcceptOnlyFromAmong(FailOnValues);
        return option;
    }
}
