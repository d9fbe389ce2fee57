using CcAudit.Core.Reports;

namespace CcAudit.Core.Store;

/// <summary>A report with its canonical JSON and content hash, computed once and shared by verification and storage.</summary>
public sealed record EncodedSnapshot(AuditReport Report, string Json, string Hash)
{
    public static EncodedSnapshot Of(AuditReport report)
    {
        var (json, hash) = SnapshotCodec.Encode(report);
        return new EncodedSnapshot(report, json, hash);
    }
}
