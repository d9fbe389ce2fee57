namespace CcAudit.Core.Mcp.Inspection;

/// <summary>One tool as a server described it. Every string is server-controlled and untrusted.</summary>
/// <param name="Name">The tool name.</param>
/// <param name="Title">The optional display title.</param>
/// <param name="Description">The description the model reads.</param>
/// <param name="InputSchemaJson">The input JSON schema, as compact JSON.</param>
public sealed record McpToolInfo(string Name, string? Title, string? Description, string InputSchemaJson);
