namespace CcAudit.Core.Mcp.Inspection;

/// <summary>How a live inspection ended.</summary>
public enum McpInspectionStatus
{
    /// <summary>Connected and listed what the server offers.</summary>
    Connected,

    /// <summary>Not attempted: the transport or configuration cannot be inspected (or the sandbox was unavailable).</summary>
    Refused,

    /// <summary>The server did not answer in time.</summary>
    TimedOut,

    /// <summary>The process exited or the connection closed (including output cut at the size limit).</summary>
    Crashed,

    /// <summary>The server answered, but not with valid MCP.</summary>
    ProtocolError,
}
