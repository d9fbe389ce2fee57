namespace CcAudit.Core.Reach;

/// <summary>A read decision and why.</summary>
/// <param name="Decision">Allow, ask or deny.</param>
/// <param name="Reason">One phrase a person can check, e.g. "allow rule covers /home/dev/.kube/config (user settings, /home/dev/.claude/settings.json:3:5)".</param>
/// <param name="Rule">The permission rule that decided, when one did (e.g. <c>Read(**/.env)</c>).</param>
public sealed record ReadAccess(ReadDecision Decision, string Reason, string? Rule = null);
