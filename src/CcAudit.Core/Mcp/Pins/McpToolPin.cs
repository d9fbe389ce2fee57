using System.Security.Cryptography;
using System.Text;
using CcAudit.Core.Mcp.Inspection;

namespace CcAudit.Core.Mcp.Pins;

/// <summary>What a tool looked like when it was pinned: its hash and the text, so a later change can be shown as a diff.</summary>
public sealed record McpToolPin(string ToolName, string Hash, string Description, string InputSchemaJson)
{
    /// <summary>Pins a tool: the SHA-256 of its name, description and input schema.</summary>
    public static McpToolPin Of(McpToolInfo tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var description = tool.Description ?? string.Empty;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{tool.Name}\u001f{description}\u001f{tool.InputSchemaJson}")));
        return new McpToolPin(tool.Name, hash, description, tool.InputSchemaJson);
    }
}
