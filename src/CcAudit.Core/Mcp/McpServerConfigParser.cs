using System.Text.Json;
using CcAudit.Core.Common;

namespace CcAudit.Core.Mcp;

/// <summary>Reads <c>mcpServers</c> maps (in .mcp.json, ~/.claude.json, managed-mcp.json, managed settings) into <see cref="McpServerConfig"/>s.</summary>
public static class McpServerConfigParser
{
    /// <summary>
    /// Parses the <c>mcpServers</c> object found at <paramref name="mapPointer"/> in <paramref name="file"/>.
    /// A missing map is no servers; a map or entry of the wrong type is a diagnostic, and the other entries still count.
    /// </summary>
    public static (IReadOnlyList<McpServerConfig> Servers, IReadOnlyList<Diagnostic> Diagnostics) ParseMap(
        JsonFile file, string mapPointer, McpScope scope, string? projectPath = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var servers = new List<McpServerConfig>();
        var diagnostics = new List<Diagnostic>();
        if (!TryResolve(file.Root, mapPointer, out var map))
        {
            return (servers, diagnostics);
        }

        if (map.ValueKind != JsonValueKind.Object)
        {
            diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.JsonWrongType, $"'mcpServers' should be an object but is {map.ValueKind}; its servers are not counted", file.LocationOf(mapPointer)));
            return (servers, diagnostics);
        }

        foreach (var entry in map.EnumerateObject())
        {
            var pointer = mapPointer + "/" + JsonFile.EscapePointerToken(entry.Name);
            if (entry.Value.ValueKind != JsonValueKind.Object)
            {
                diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.JsonWrongType, $"MCP server '{entry.Name}' should be an object but is {entry.Value.ValueKind}", file.LocationOf(pointer)));
                continue;
            }

            foreach (var (field, kind) in FieldKinds.Where(f => entry.Value.TryGetProperty(f.Field, out var v) && v.ValueKind != f.Kind))
            {
                diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.JsonWrongType,
                    $"MCP server '{entry.Name}': {field} is {entry.Value.GetProperty(field).ValueKind}, not {kind}; Claude Code does not read it", file.LocationOf(pointer + "/" + field)));
            }

            servers.Add(ParseEntry(entry.Name, entry.Value, scope, file.LocationOf(pointer), projectPath));
        }

        return (servers, diagnostics);
    }

    private static readonly (string Field, JsonValueKind Kind)[] FieldKinds =
    [
        ("command", JsonValueKind.String), ("args", JsonValueKind.Array), ("env", JsonValueKind.Object), ("type", JsonValueKind.String),
        ("url", JsonValueKind.String), ("headers", JsonValueKind.Object), ("headersHelper", JsonValueKind.String),
    ];

    /// <summary>Parses one server entry object.</summary>
    public static McpServerConfig ParseEntry(string name, JsonElement entry, McpScope scope, SourceLocation location, string? projectPath = null)
    {
        var type = GetString(entry, "type");
        var url = GetString(entry, "url");
        var command = GetString(entry, "command");
        var transport = type?.ToLowerInvariant() switch
        {
            null => url is not null && command is null ? McpTransport.Http : McpTransport.Stdio,
            "stdio" => McpTransport.Stdio,
            "http" or "streamable-http" or "streamablehttp" => McpTransport.Http,
            "sse" => McpTransport.Sse,
            "ws" => McpTransport.WebSocket,
            _ => McpTransport.Other,
        };

        return new McpServerConfig(
            name,
            scope,
            location,
            transport,
            type,
            command,
            GetStringArray(entry, "args"),
            GetStringMap(entry, "env"),
            url,
            GetStringMap(entry, "headers"),
            GetString(entry, "headersHelper"),
            projectPath)
        {
            Raw = entry.Clone(),
        };
    }

    private static bool TryResolve(JsonElement root, string pointer, out JsonElement value)
    {
        value = root;
        if (pointer.Length == 0)
        {
            return true;
        }

        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (value.ValueKind == JsonValueKind.Array && int.TryParse(token, System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                if (index >= value.GetArrayLength())
                {
                    return false;
                }

                value = value[index];
                continue;
            }

            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(token, out value))
            {
                return false;
            }
        }

        return true;
    }

    private static string? GetString(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string> GetStringArray(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText())]
            : [];

    private static Dictionary<string, string> GetStringMap(JsonElement entry, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                map[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        return map;
    }
}
