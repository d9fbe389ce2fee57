namespace CcAudit.Core.Reach;

/// <summary>What Claude Code started in one directory can reach.</summary>
/// <param name="LaunchDirectory">The launch directory.</param>
/// <param name="WorkingDirectories">Size of each working directory walked (launch first).</param>
/// <param name="Files">Sensitive files, sorted by path.</param>
/// <param name="Escapes">Symbolic links out of the working directories.</param>
/// <param name="Sandbox">Sandbox facts, or null when it is off.</param>
/// <param name="Verdict">One line for people.</param>
/// <param name="SuggestedDenyRules">Ready-to-paste <c>Read(...)</c> rules for <c>permissions.deny</c>.</param>
/// <param name="Remediation">Other advice: narrower launch root, separate repository, sandbox.</param>
public sealed record LaunchReach(
    string LaunchDirectory,
    IReadOnlyList<WorkingDirectorySize> WorkingDirectories,
    IReadOnlyList<SensitiveFile> Files,
    IReadOnlyList<SymlinkEscape> Escapes,
    SandboxReadNote? Sandbox,
    string Verdict,
    IReadOnlyList<string> SuggestedDenyRules,
    IReadOnlyList<string> Remediation);
