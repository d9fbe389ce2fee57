using System.Text.Json;
using CcAudit.Core.Common;

namespace CcAudit.Core.Reports;

/// <summary>The report as JSON; schema in docs/schema/report.schema.json.</summary>
public sealed class JsonReportWriter : IReportWriter
{
    public string Format => "json";

    public string Extension => ".json";

    public bool IsText => true;

    public async Task WriteAsync(AuditReport report, Stream output, CancellationToken cancellationToken)
    {
        await JsonSerializer.SerializeAsync(output, report, AuditJson.Options, cancellationToken);
        await output.WriteAsync("\n"u8.ToArray(), cancellationToken);
    }
}
