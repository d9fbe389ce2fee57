namespace CcAudit.Core.Reach;

/// <summary>A regular file met during a walk.</summary>
/// <param name="FullPath">Absolute path.</param>
/// <param name="RelativePath">Path below the working directory, with '/' separators.</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="Git">Whether git ignores it.</param>
public sealed record WalkedFile(string FullPath, string RelativePath, long Length, GitState Git);
