namespace CcAudit.Core.Reach;

/// <summary>What happens when Claude Code tries to read a file.</summary>
public enum ReadDecision
{
    /// <summary>Read without asking anyone.</summary>
    Allow,

    /// <summary>A person is asked first.</summary>
    Ask,

    /// <summary>Refused.</summary>
    Deny,
}
