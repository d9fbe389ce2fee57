namespace CcAudit.Core.Mcp;

/// <summary>Whether Claude Code 2.1.328 would start a configured server in a launch directory.</summary>
public enum McpLoadState
{
    /// <summary>Starts with every session (and with <c>claude mcp list</c>, which health-checks it).</summary>
    Loads,

    /// <summary>A project server not yet approved: interactive sessions ask; <c>-p</c>/SDK sessions load it without asking.</summary>
    PendingApproval,

    /// <summary>Refused by managed-mcp.json exclusivity or by allowedMcpServers/deniedMcpServers.</summary>
    BlockedByPolicy,

    /// <summary>Rejected through disabledMcpjsonServers or switched off with /mcp.</summary>
    Disabled,

    /// <summary>Another scope defines the same name and wins.</summary>
    Shadowed,
}
