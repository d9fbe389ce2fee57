using SpreadCheetah;

namespace CcAudit.Core.Reports;

/// <summary>The workbook people want: MCP servers, permission rules, findings and what Claude Code did, one sheet each.</summary>
public sealed class XlsxReportWriter : IReportWriter
{
    private static readonly (string Sheet, string Table)[] Sheets =
        [("MCP servers", ReportTables.McpServers), ("Permission rules", ReportTables.PermissionRules), ("Findings", ReportTables.Findings),
            .. Activity.ActivityTables.Names.Select(n => ("Activity " + n, ReportTables.ActivityPrefix + n))];

    public string Format => "xlsx";

    public string Extension => ".xlsx";

    public bool IsText => false;

    public Task WriteAsync(AuditReport report, Stream output, CancellationToken cancellationToken) =>
        WriteSheetsAsync([.. Sheets.Select(s => (s.Sheet, ReportTables.Get(report, s.Table)))], output, cancellationToken);

    /// <summary>Writes any set of tables (audit or fleet) as one workbook, a sheet each.</summary>
    public static async Task WriteSheetsAsync(IReadOnlyList<(string Sheet, ReportTable Data)> sheets, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        await using var spreadsheet = await Spreadsheet.CreateNewAsync(output, cancellationToken: cancellationToken);
        foreach (var (sheet, data) in sheets)
        {
            await spreadsheet.StartWorksheetAsync(sheet, null, cancellationToken);
            await spreadsheet.AddRowAsync([.. data.Header.Select(h => new Cell(h))], cancellationToken);
            foreach (var row in data.Rows)
            {
                // Cells are written as inline strings: a value such as "=cmd|..." stays text, never a formula.
                await spreadsheet.AddRowAsync([.. row.Select(v => new Cell(v))], cancellationToken);
            }
        }

        await spreadsheet.FinishAsync(cancellationToken);
    }
}
