using CcAudit.Core.Mcp.Pins;
using CcAudit.Core.Reports;

namespace CcAudit.Core.Store;

/// <summary>Where audits are kept between runs: SQLite on one machine, PostgreSQL for a fleet. Also keeps MCP pins.</summary>
public interface ISnapshotStore : IMcpPinStore, IAsyncDisposable
{
    /// <summary>Stores a report in one transaction; storing the same content again returns the existing snapshot.</summary>
    Task<SnapshotInfo> SaveAsync(AuditReport report, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SnapshotInfo>> ListAsync(CancellationToken cancellationToken = default);

    Task<AuditReport?> LoadAsync(long id, CancellationToken cancellationToken = default);
}
