using CcAudit.Core.Mcp.Pins;
using CcAudit.Core.Reports;

namespace CcAudit.Core.Store;

/// <summary>Where audits are kept between runs: SQLite on one machine, PostgreSQL for a fleet. Also keeps MCP pins.</summary>
public interface ISnapshotStore : IMcpPinStore, IAsyncDisposable
{
    /// <summary>Stores a report in one transaction; storing the same content again returns the existing snapshot.</summary>
    Task<SnapshotInfo> SaveAsync(AuditReport report, CancellationToken cancellationToken = default);

    /// <summary>Stores an already encoded report (import verifies and encodes once).</summary>
    Task<SnapshotInfo> SaveAsync(EncodedSnapshot snapshot, CancellationToken cancellationToken = default);

    /// <summary>How many writers may save at once: 1 for SQLite (one writer), more for a server.</summary>
    int ParallelWriters => 1;

    Task<IReadOnlyList<SnapshotInfo>> ListAsync(CancellationToken cancellationToken = default);

    Task<AuditReport?> LoadAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>The fleet entries of many snapshots (the report where a snapshot predates entries), streamed from one query so decoding overlaps reading.</summary>
    IAsyncEnumerable<StoredFleetRow> StreamFleetAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken = default);
}
