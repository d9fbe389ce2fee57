namespace CcAudit.Core.Mcp.Inspection;

/// <summary>One prompt a server offers.</summary>
public sealed record McpPromptInfo(string Name, string? Description, IReadOnlyList<string> Arguments);
