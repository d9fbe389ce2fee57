using CcAudit.Core.Reports;

namespace CcAudit.Core.Store;

/// <summary>A report with its canonical JSON, content hash and fleet entry, computed once and shared by verification and storage.</summary>
public sealed record EncodedSnapshot(AuditReport Report, string Json, string Hash)
{
    /// <summary>The compact <see cref="FleetEntry"/> stored beside the report.</summary>
    public string FleetEntry { get; } = Store.FleetEntry.Encode(Report);

    public static EncodedSnapshot Of(AuditReport report)
    {
        var (json, hash) = SnapshotCodec.Encode(report);
        return new EncodedSnapshot(report, json, hash);
    }
}
