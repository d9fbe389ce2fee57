namespace CcAudit.Core.Mcp;

/// <summary>How Claude Code talks to an MCP server (claude-code-surface.md §6.2).</summary>
public enum McpTransport
{
    Stdio,
    Http,
    Sse,
    WebSocket,
    Other,
}
