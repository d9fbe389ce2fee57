namespace CcAudit.Core.Mcp;

/// <summary>The load state of one server in one launch directory, and why.</summary>
public sealed record McpLoadDecision(McpServerConfig Server, McpLoadState State, string Reason);
