namespace CcAudit.Core.Mcp;

/// <summary>Where an MCP server is configured (claude-code-surface.md §6.1).</summary>
public enum McpScope
{
    /// <summary><c>managed-mcp.json</c>: the exclusive enterprise set.</summary>
    Enterprise,

    /// <summary><c>managedMcpServers</c> in managed settings (http/sse only).</summary>
    Managed,

    /// <summary><c>~/.claude.json</c> → <c>projects[path].mcpServers</c>.</summary>
    Local,

    /// <summary><c>&lt;project&gt;/.mcp.json</c>; needs approval.</summary>
    Project,

    /// <summary><c>~/.claude.json</c> → top-level <c>mcpServers</c>.</summary>
    User,

    /// <summary>A plugin's <c>.mcp.json</c> or manifest.</summary>
    Plugin,

    /// <summary>Subagent frontmatter <c>mcpServers</c>.</summary>
    Agent,

    /// <summary><c>--mcp-config</c> for one session.</summary>
    Dynamic,
}
