namespace CcAudit.Core.Reach;

/// <summary>A symbolic link inside a working directory whose target lies outside every working directory.</summary>
/// <param name="LinkPath">The link.</param>
/// <param name="Target">The fully resolved target.</param>
/// <param name="TargetIsDirectory">True when the link opens a whole directory tree.</param>
public sealed record SymlinkEscape(string LinkPath, string Target, bool TargetIsDirectory);
