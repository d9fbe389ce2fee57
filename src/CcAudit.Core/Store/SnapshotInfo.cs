namespace CcAudit.Core.Store;

/// <summary>One stored audit, as <c>ccaudit history</c> lists it.</summary>
/// <param name="Id">Store-assigned id (increasing).</param>
/// <param name="Machine">Host name of the audited machine.</param>
/// <param name="User">Owner of the audited homes (not the user who ran ccaudit).</param>
/// <param name="CreatedAt">When the audit ran (UTC).</param>
/// <param name="Tool">ccaudit version.</param>
/// <param name="ContentHash">SHA-256 of the report JSON; a snapshot is stored once.</param>
/// <param name="LaunchDirectories">How many launch directories the audit saw.</param>
/// <param name="Findings">How many findings it reported.</param>
public sealed record SnapshotInfo(long Id, string Machine, string User, DateTimeOffset CreatedAt, string Tool, string ContentHash, int LaunchDirectories, int Findings);
