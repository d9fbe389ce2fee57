namespace CcAudit.Core.Reports;

/// <summary>Renders an <see cref="AuditReport"/> in one format.</summary>
public interface IReportWriter
{
    /// <summary>The name used with <c>--format</c>.</summary>
    string Format { get; }

    /// <summary>The usual file extension, with the dot.</summary>
    string Extension { get; }

    /// <summary>False for binary formats, which need a file (<c>--output</c>).</summary>
    bool IsText { get; }

    Task WriteAsync(AuditReport report, Stream output, CancellationToken cancellationToken);
}
