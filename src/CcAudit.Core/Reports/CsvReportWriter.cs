using System.Globalization;
using System.Text;
using CsvHelper;

namespace CcAudit.Core.Reports;

/// <summary>One table of the report as CSV, with formula injection neutralised (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c> prefixed).</summary>
public sealed class CsvReportWriter(string table = ReportTables.Findings) : IReportWriter
{
    public string Format => "csv";

    public string Extension => ".csv";

    public bool IsText => true;

    public Task WriteAsync(AuditReport report, Stream output, CancellationToken cancellationToken) =>
        WriteTableAsync(ReportTables.Get(report, table), output, cancellationToken);

    /// <summary>Writes any table (audit or fleet) as CSV.</summary>
    public static async Task WriteTableAsync(ReportTable data, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        await using var text = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        await using var csv = CsvWriter.Create(text, new CsvWriterOptions { Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture, NewLine = "\n" }, leaveOpen: true);
        csv.WriteRecord([.. data.Header]);
        foreach (var row in data.Rows)
        {
            csv.WriteRecord([.. row]);
        }

        await csv.FlushAsync(cancellationToken);
    }
}
