namespace CcAudit.Core.Reach;

/// <summary>Bounds that keep a walk finite and its memory flat on any tree, however hostile.</summary>
/// <param name="MaxDepth">Directories deeper than this below a working directory are not entered.</param>
/// <param name="MaxFilesPerRoot">The walk of one working directory stops after this many files.</param>
/// <param name="MaxEntriesPerDirectory">Entries of a single directory beyond this are not looked at.</param>
/// <param name="MaxPathLength">Paths longer than this (characters) are reported, not opened.</param>
/// <param name="MaxScanBytes">Files larger than this are counted but their content is not scanned.</param>
/// <param name="MaxDiagnosticsPerCode">Per diagnostic code, the first this-many are kept; the rest are summarised.</param>
public sealed record ReachLimits(
    int MaxDepth = 64,
    long MaxFilesPerRoot = 5_000_000,
    int MaxEntriesPerDirectory = 200_000,
    int MaxPathLength = 4096,
    long MaxScanBytes = 4L * 1024 * 1024,
    int MaxDiagnosticsPerCode = 50)
{
    public static ReachLimits Default { get; } = new();
}
