using CcAudit.Core.Common;

namespace CcAudit.Core.Permissions;

/// <summary>The decision for one tool call, and what made it: a rule (text, tier, place) or a mode or built-in behaviour.</summary>
public sealed record PermissionDecision(PermissionDecisionKind Decision, string? Rule, string? Source, SourceLocation? Location, string Reason);
