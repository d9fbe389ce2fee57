using CcAudit.Core.Reports;
using CcAudit.Core.Rules;

namespace CcAudit.Cli.Commands;

/// <summary>Where and how a report goes, and the exit code it earns.</summary>
internal sealed record ReportOutput(IReportWriter? Writer, string? Path, Severity? FailOn)
{
    public async Task<int> WriteAsync(CliContext context, AuditReport report, CancellationToken cancellationToken)
    {
        if (Writer is null)
        {
            if (Path is null)
            {
                ReportConsoleView.Render(context.OutConsole, report);
            }
            else
            {
                await using var file = new StreamWriter(Path);
                ReportConsoleView.Render(CliContext.CreateConsole(file), report);
            }
        }
        else if (Path is null)
        {
            await using var stdout = new MemoryStream();
            await Writer.WriteAsync(report, stdout, cancellationToken);
            await context.Out.WriteAsync(System.Text.Encoding.UTF8.GetString(stdout.ToArray()).AsMemory(), cancellationToken);
        }
        else
        {
            await using var file = File.Create(Path);
            await Writer.WriteAsync(report, file, cancellationToken);
        }

        if (Path is not null)
        {
            await context.Error.WriteLineAsync($"ccaudit: {Writer?.Format ?? "console"} report written to {Path}");
        }

        return FailOn is { } threshold && Core.Reports.FailOn.Breaches(report.Findings, threshold) ? (int)ExitCode.FindingsAtOrAboveThreshold : (int)ExitCode.Ok;
    }
}
