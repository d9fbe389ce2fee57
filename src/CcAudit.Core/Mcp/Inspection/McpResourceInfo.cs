namespace CcAudit.Core.Mcp.Inspection;

/// <summary>One resource a server lists.</summary>
public sealed record McpResourceInfo(string Uri, string Name, string? Description, string? MimeType);
