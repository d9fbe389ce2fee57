namespace CcAudit.Cli;

/// <summary>The process exit codes; the README documents them.</summary>
internal enum ExitCode
{
    Ok = 0,
    FindingsAtOrAboveThreshold = 1,
    Usage = 2,
    Failure = 3,
}
