using CcAudit.Cli.Output;
using CcAudit.Core.Reports;
using CcAudit.Core.Rules;

namespace CcAudit.Cli.Commands;

/// <summary>Where and how an audit report goes, and the exit code it earns.</summary>
internal sealed record ReportOutput(ReportDestination<AuditReport> Destination, Severity? FailOn)
{
    public async Task<int> WriteAsync(CliContext context, AuditReport report, CancellationToken cancellationToken)
    {
        await Destination.WriteAsync(context, report, cancellationToken);
        return FailOn is { } threshold && Core.Reports.FailOn.Breaches(report.Findings, threshold)
            ? (int)ExitCode.FindingsAtOrAboveThreshold
            : (int)ExitCode.Ok;
    }
}
