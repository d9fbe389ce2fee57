namespace CcAudit.Core.Reach;

/// <summary>What a walk of one working directory saw.</summary>
public sealed record WorkingDirectorySize(
    string Root,
    long Files,
    long Bytes,
    long Directories,
    long GitIgnoredFiles,
    long BinaryFiles,
    long UnscannedLargeFiles,
    bool Truncated);
