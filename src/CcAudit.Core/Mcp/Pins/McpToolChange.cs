namespace CcAudit.Core.Mcp.Pins;

/// <summary>How a server's tools differ from the accepted pins.</summary>
public enum McpToolChangeKind
{
    Added,
    Removed,
    Changed,
    Renamed,
}

/// <summary>One difference between the accepted pins and what the server says now.</summary>
/// <param name="Kind">Added, removed, changed (same name, new description or schema) or renamed (matched by schema similarity).</param>
/// <param name="ToolName">The tool's current name (the old name for <see cref="McpToolChangeKind.Removed"/>).</param>
/// <param name="PreviousName">For renames, the accepted name.</param>
/// <param name="Diff">For changes and renames, a readable word diff of the description and schema.</param>
/// <param name="Similarity">For renames, how alike the schemas and descriptions are (0–1).</param>
public sealed record McpToolChange(McpToolChangeKind Kind, string ToolName, string? PreviousName, string? Diff, double Similarity = 0);
