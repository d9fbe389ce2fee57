namespace CcAudit.Core.Reach;

/// <summary>What to analyse.</summary>
/// <param name="LaunchDirectories">Directories Claude Code was (or will be) started in.</param>
/// <param name="Home">The home whose credential stores are checked; null to skip them.</param>
/// <param name="PolicyFor">The effective read policy of a launch directory.</param>
/// <param name="Limits">Walk bounds; null for <see cref="ReachLimits.Default"/>.</param>
public sealed record ReachRequest(
    IReadOnlyList<string> LaunchDirectories,
    string? Home,
    Func<string, IReadAccessPolicy> PolicyFor,
    ReachLimits? Limits = null);
