using System.Text.Json;
using CcAudit.Core.Common;

namespace CcAudit.Core.Mcp;

/// <summary>
/// Reads the MCP servers of one config file named on the command line, guessing the scope from its name:
/// <c>.mcp.json</c> (project), <c>.claude.json</c> (user and every project's local servers), <c>managed-mcp.json</c>
/// (enterprise); anything else is treated like <c>--mcp-config</c> (dynamic).
/// </summary>
public static class McpConfigFileLoader
{
    public static (IReadOnlyList<McpServerConfig> Servers, IReadOnlyList<Diagnostic> Diagnostics) Load(string path)
    {
        var read = JsonFileReader.Read(path);
        if (read.Value is null)
        {
            return ([], read.Diagnostics);
        }

        var file = read.Value;
        var servers = new List<McpServerConfig>();
        var diagnostics = new List<Diagnostic>(read.Diagnostics);
        var name = System.IO.Path.GetFileName(path);
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        void Add((IReadOnlyList<McpServerConfig> Servers, IReadOnlyList<Diagnostic> Diagnostics) parsed)
        {
            servers.AddRange(parsed.Servers);
            diagnostics.AddRange(parsed.Diagnostics);
        }

        switch (name)
        {
            case ".mcp.json":
                Add(McpServerConfigParser.ParseMap(file, "/mcpServers", McpScope.Project, directory));
                break;
            case "managed-mcp.json":
                Add(McpServerConfigParser.ParseMap(file, "/mcpServers", McpScope.Enterprise));
                break;
            case ".claude.json":
                Add(McpServerConfigParser.ParseMap(file, "/mcpServers", McpScope.User));
                if (file.Root.ValueKind == JsonValueKind.Object && file.Root.TryGetProperty("projects", out var projects) && projects.ValueKind == JsonValueKind.Object)
                {
                    foreach (var project in projects.EnumerateObject())
                    {
                        Add(McpServerConfigParser.ParseMap(file, "/projects/" + JsonFile.EscapePointerToken(project.Name) + "/mcpServers", McpScope.Local, project.Name));
                    }
                }

                break;
            default:
                Add(McpServerConfigParser.ParseMap(file, "/mcpServers", McpScope.Dynamic));
                break;
        }

        return (servers, diagnostics);
    }
}
