using CcAudit.Core.Reports;

namespace CcAudit.Core.Store;

/// <summary>The fleet's answers to the inventory questions, as tables (one sheet each in XLSX).</summary>
/// <param name="Snapshots">How many stored audits there are.</param>
/// <param name="Machines">How many machine/user pairs the report covers (latest audit of each).</param>
/// <param name="Tables">machines, repositories, settings-per-tier, mcp-servers, riskiest-rules, no-managed-policy.</param>
public sealed record FleetReport(int Snapshots, int Machines, IReadOnlyList<ReportTable> Tables);
