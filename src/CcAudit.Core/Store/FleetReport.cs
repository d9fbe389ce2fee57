using CcAudit.Core.Common;
using CcAudit.Core.Reports;

namespace CcAudit.Core.Store;

/// <summary>The fleet's answers to the inventory questions, as tables (one sheet each in XLSX).</summary>
/// <param name="Snapshots">How many stored audits there are.</param>
/// <param name="Machines">How many machine/user pairs the report covers (latest audit of each).</param>
/// <param name="Tables">machines, repositories, settings-per-tier, mcp-servers, plugins, riskiest-rules, no-managed-policy.</param>
public sealed record FleetReport(int Snapshots, int Machines, IReadOnlyList<ReportTable> Tables);

/// <summary>Every format of the fleet report; the CLI adds its console writer in front.</summary>
public static class FleetFormats
{
    public static FormatRegistry<FleetReport> Registry { get; } = new("fleet",
    [
        ReportFormat<FleetReport>.Json(r => r),
        ReportFormat<FleetReport>.Text("md", ".md", (r, _) => TableDocument.Markdown(Title(r), r.Tables)) with { Alias = "markdown" },
        ReportFormat<FleetReport>.Text("html", ".html", (r, _) => TableDocument.Html(Title(r), r.Tables)),
        new("csv", ".csv", false, (r, request, output, cancellationToken) =>
            CsvReportWriter.WriteTableAsync(r.Tables.Single(t => t.Name == (request.Table ?? "mcp-servers")), output, cancellationToken)),
        new("xlsx", ".xlsx", true, (r, _, output, cancellationToken) =>
            XlsxReportWriter.WriteSheetsAsync([.. r.Tables.Select(t => (t.Name, t))], output, cancellationToken)),
    ], FleetReportBuilder.TableNames, "mcp-servers");

    public static string Title(FleetReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Claude Code fleet: {report.Machines} machine/user pair(s), {report.Snapshots} audit(s)");
    }
}
