using System.Text.Json;
using CcAudit.Core.Common;

namespace CcAudit.Core.Mcp;

/// <summary>
/// One configured MCP server exactly as a config file declares it. Values are kept verbatim (reports redact them);
/// nothing here has been started or contacted.
/// </summary>
/// <param name="Name">The server name (key of the <c>mcpServers</c> map).</param>
/// <param name="Scope">Where it is configured.</param>
/// <param name="Location">The file and JSON pointer of the entry.</param>
/// <param name="Transport">stdio, http, sse, ws or other.</param>
/// <param name="RawType">The <c>type</c> value as written (null when omitted, which means stdio).</param>
/// <param name="Command">stdio: the program.</param>
/// <param name="Args">stdio: the arguments.</param>
/// <param name="Env">stdio: environment variables the config sets.</param>
/// <param name="Url">http/sse/ws: the endpoint.</param>
/// <param name="Headers">http/sse/ws: request headers (often bearer tokens).</param>
/// <param name="HeadersHelper">A command that prints headers; it runs in trusted folders.</param>
/// <param name="ProjectPath">For local scope, the project key it belongs to; for project scope, the directory of the .mcp.json.</param>
public sealed record McpServerConfig(
    string Name,
    McpScope Scope,
    SourceLocation Location,
    McpTransport Transport,
    string? RawType,
    string? Command,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Env,
    string? Url,
    IReadOnlyDictionary<string, string> Headers,
    string? HeadersHelper,
    string? ProjectPath)
{
    /// <summary>The whole entry as written, for checks this model does not name.</summary>
    public JsonElement? Raw { get; init; }

    /// <summary>For plugin-scope servers, the owning plugin (<c>name@marketplace</c>): enabledPlugins decides whether it loads.</summary>
    public string? Plugin { get; init; }
}
