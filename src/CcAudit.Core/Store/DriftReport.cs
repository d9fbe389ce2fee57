namespace CcAudit.Core.Store;

/// <summary>What changed between two audits.</summary>
public sealed record DriftReport(SnapshotInfo From, SnapshotInfo To, IReadOnlyList<DriftChange> Changes)
{
    public bool IsEmpty => Changes.Count == 0;
}

/// <summary>One change: area (permission-rule, mode, trust, launch-directory, hook, hooks (count, for snapshots without hook rows),
/// setting, mcp-server, mcp-tool, plugin, managed-policy, finding), kind (added, removed, changed, appeared, fixed), subject and
/// detail.</summary>
public sealed record DriftChange(string Area, string Kind, string Subject, string Detail);
