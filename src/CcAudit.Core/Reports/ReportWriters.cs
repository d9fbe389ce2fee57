using CcAudit.Core.Common;

namespace CcAudit.Core.Reports;

/// <summary>Every format of the audit report (<c>scan</c>, <c>check</c>); the CLI adds its console writer in front.</summary>
public static class ReportWriters
{
    public static FormatRegistry<AuditReport> Registry { get; } = new("audit",
    [
        From(_ => new JsonReportWriter()),
        From(_ => new SarifReportWriter()),
        From(_ => new MarkdownReportWriter()) with { Alias = "markdown" },
        From(_ => new HtmlReportWriter()),
        From(table => new CsvReportWriter(table ?? ReportTables.Findings)),
        From(_ => new XlsxReportWriter()),
    ], ReportTables.Names);

    /// <summary>The file formats by name, in registration order.</summary>
    public static IReadOnlyList<string> Formats { get; } = [.. Registry.All.Select(f => f.Name)];

    private static ReportFormat<AuditReport> From(Func<string?, IReportWriter> create)
    {
        var sample = create(null);
        return new(sample.Format, sample.Extension, !sample.IsText,
            (report, request, stream, cancellationToken) => create(request.Table).WriteAsync(report, stream, cancellationToken));
    }
}
