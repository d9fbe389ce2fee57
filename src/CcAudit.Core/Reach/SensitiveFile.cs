namespace CcAudit.Core.Reach;

/// <summary>A file worth protecting and how the launch's policy treats reading it.</summary>
/// <param name="Path">Absolute path.</param>
/// <param name="Kind">Why it is sensitive.</param>
/// <param name="Git">Git's view (a git-ignored .env is invisible to review but readable by Claude Code).</param>
/// <param name="Secrets">Recognised secrets, redacted; empty when the file matters by kind alone or could not be read.</param>
/// <param name="Read">The Read tool decision.</param>
/// <param name="BashCat">The Bash <c>cat</c> decision.</param>
/// <param name="InHome">True for the home's credential stores checked outside the working directories.</param>
public sealed record SensitiveFile(
    string Path,
    SensitiveKind Kind,
    GitState Git,
    IReadOnlyList<SecretHit> Secrets,
    ReadAccess Read,
    ReadAccess BashCat,
    bool InHome);
