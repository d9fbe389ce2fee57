namespace CcAudit.Core.Mcp.Pins;

/// <summary>How pins name a server: its scope, the project it belongs to (if any) and its name.</summary>
public static class McpPinKey
{
    public static string For(McpServerConfig server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var scope = server.Scope.ToString().ToLowerInvariant();
        return server.ProjectPath is null ? $"{scope}:{server.Name}" : $"{scope}:{server.ProjectPath}:{server.Name}";
    }
}
