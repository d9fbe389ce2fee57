namespace CcAudit.Core.Permissions;

/// <summary>What Claude Code does with a tool call.</summary>
public enum PermissionDecisionKind
{
    /// <summary>Runs without asking.</summary>
    Allow,

    /// <summary>Asks a person (in <c>dontAsk</c> mode this becomes <see cref="Deny"/>).</summary>
    Ask,

    /// <summary>Refused.</summary>
    Deny,

    /// <summary>Auto mode: the server-side classifier decides; no static answer exists.</summary>
    Classifier,
}
