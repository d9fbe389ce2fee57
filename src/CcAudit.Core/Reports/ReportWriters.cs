namespace CcAudit.Core.Reports;

/// <summary>Every report format by name.</summary>
public static class ReportWriters
{
    public static IReadOnlyList<string> Formats { get; } = ["json", "sarif", "md", "html", "csv", "xlsx"];

    /// <summary>The writer for <paramref name="format"/>; <paramref name="csvTable"/> picks the CSV table. Null when unknown.</summary>
    public static IReportWriter? Get(string format, string csvTable = ReportTables.Findings) => format switch
    {
        "json" => new JsonReportWriter(),
        "sarif" => new SarifReportWriter(),
        "md" or "markdown" => new MarkdownReportWriter(),
        "html" => new HtmlReportWriter(),
        "csv" => new CsvReportWriter(csvTable),
        "xlsx" => new XlsxReportWriter(),
        _ => null,
    };
}
