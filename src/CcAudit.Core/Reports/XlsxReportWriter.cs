using System.Globalization;
using System.Text.RegularExpressions;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;

namespace CcAudit.Core.Reports;

/// <summary>
/// The workbook people want: a summary of the seven verdicts first, then MCP servers, permission rules, findings and what
/// Claude Code did, one sheet each, every sheet with a styled, frozen, filterable header and columns sized to their text.
/// </summary>
public sealed partial class XlsxReportWriter : IReportWriter
{
    public const string SummarySheet = "Summary";

    private const int MinWidth = 8;
    private const int MaxWidth = 60;

    private static readonly (string Sheet, string Table)[] Sheets =
        [("MCP servers", ReportTables.McpServers), ("Permission rules", ReportTables.PermissionRules), ("Findings", ReportTables.Findings),
            .. Activity.ActivityTables.Names.Select(n => ("Activity " + n, ReportTables.ActivityPrefix + n))];

    public string Format => "xlsx";

    public string Extension => ".xlsx";

    public bool IsText => false;

    public Task WriteAsync(AuditReport report, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        return WriteSheetsAsync([(SummarySheet, Summary(report)), .. Sheets.Select(s => (s.Sheet, ReportTables.Get(report, s.Table)))], output, cancellationToken);
    }

    /// <summary>The seven audit steps with their verdicts and counts, as the console and the Markdown document open.</summary>
    public static ReportTable Summary(AuditReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new ReportTable("summary", ["step", "name", "verdict", "critical", "high", "medium", "low", "info", "notes"],
            [.. report.Steps.Select(s => (IReadOnlyList<string>)[I((int)s.Step), s.Name, s.Verdict, I(s.Critical), I(s.High), I(s.Medium), I(s.Low), I(s.Info), s.Notes])]);
    }

    /// <summary>Writes any set of tables (audit, activity, monitor or fleet) as one workbook, a sheet each.</summary>
    public static async Task WriteSheetsAsync(IReadOnlyList<(string Sheet, ReportTable Data)> sheets, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        await using var spreadsheet = await Spreadsheet.CreateNewAsync(output, cancellationToken: cancellationToken);
        var header = spreadsheet.AddStyle(new Style { Font = { Bold = true }, Fill = { Color = System.Drawing.Color.FromArgb(0xDD, 0xE4, 0xEE) } });
        foreach (var (sheet, data) in sheets)
        {
            var numeric = Enumerable.Range(0, data.Header.Count).Select(c => IsNumericColumn(data, c)).ToArray();
            await spreadsheet.StartWorksheetAsync(sheet, Options(data), cancellationToken);
            await spreadsheet.AddRowAsync([.. data.Header.Select(h => new Cell(h, header))], cancellationToken);
            foreach (var row in data.Rows)
            {
                // Text is written as inline strings: a value such as "=cmd|..." stays text, never a formula.
                await spreadsheet.AddRowAsync([.. row.Select((v, c) => c < numeric.Length && numeric[c] && v.Length > 0 ? Number(v) : new Cell(v))], cancellationToken);
            }
        }

        await spreadsheet.FinishAsync(cancellationToken);
    }

    private static WorksheetOptions Options(ReportTable data)
    {
        var options = new WorksheetOptions { FrozenRows = 1 };
        if (data.Header.Count > 0)
        {
            options.AutoFilter = new AutoFilterOptions($"A1:{ColumnName(data.Header.Count)}{data.Rows.Count + 1}");
        }

        for (var c = 0; c < data.Header.Count; c++)
        {
            var widest = data.Rows.Select(r => c < r.Count ? r[c].Length : 0).Append(data.Header[c].Length + 2).Max();
            options.Column(c + 1).Width = Math.Clamp(widest + 1, MinWidth, MaxWidth);
        }

        return options;
    }

    /// <summary>
    /// A column is typed as numbers only when every value in it is a plain decimal number (no leading zero, no exponent),
    /// so counts, lines and token totals sort and sum, while identifiers that happen to be digits stay text.
    /// </summary>
    private static bool IsNumericColumn(ReportTable data, int column)
    {
        if (TextColumns.Contains(data.Header[column]))
        {
            return false;
        }

        var values = data.Rows.Select(r => column < r.Count ? r[column] : string.Empty).Where(v => v.Length > 0).ToList();
        return values.Count > 0 && values.All(v => v.Length <= 17 && PlainNumber().IsMatch(v));
    }

    private static readonly HashSet<string> TextColumns = new(["id", "fingerprint", "hash", "session", "week", "day"], StringComparer.Ordinal);

    private static Cell Number(string value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)
            ? new Cell(whole)
            : new Cell(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture));

    private static string ColumnName(int column)
    {
        var name = string.Empty;
        for (; column > 0; column = (column - 1) / 26)
        {
            name = (char)('A' + ((column - 1) % 26)) + name;
        }

        return name;
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainNumber();
}
