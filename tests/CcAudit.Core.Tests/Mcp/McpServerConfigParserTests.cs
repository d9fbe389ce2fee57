using CcAudit.Core.Common;
using CcAudit.Core.Mcp;

namespace CcAudit.Core.Tests.Mcp;

public sealed class McpServerConfigParserTests
{
    [Fact]
    public void ParseMap_ReadsEveryTransportWithLocations()
    {
        var json = """
            {
              "mcpServers": {
                "fs": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/"], "env": {"TOKEN": "abc"} },
                "remote": { "type": "http", "url": "https://mcp.example.com/mcp", "headers": {"Authorization": "Bearer xyz"} },
                "legacy": { "type": "sse", "url": "http://10.0.0.1/sse" },
                "bad": 42
              }
            }
            """;
        var file = JsonFileReader.Parse(json, "/p/.mcp.json").Value!;

        var (servers, diagnostics) = McpServerConfigParser.ParseMap(file, "/mcpServers", McpScope.Project, "/p");

        Assert.Equal(3, servers.Count);
        var fs = servers.Single(s => s.Name == "fs");
        Assert.Equal(McpTransport.Stdio, fs.Transport);
        Assert.Equal(["-y", "@modelcontextprotocol/server-filesystem", "/"], fs.Args);
        Assert.Equal("abc", fs.Env["TOKEN"]);
        Assert.Equal(3, fs.Location.Line);
        Assert.Equal(McpTransport.Http, servers.Single(s => s.Name == "remote").Transport);
        Assert.Equal("Bearer xyz", servers.Single(s => s.Name == "remote").Headers["Authorization"]);
        Assert.Equal(McpTransport.Sse, servers.Single(s => s.Name == "legacy").Transport);
        Assert.Equal(DiagnosticCodes.JsonWrongType, Assert.Single(diagnostics).Code);
    }

    [Fact]
    public void ParseMap_MissingMap_IsNoServersAndNoDiagnostics()
    {
        var file = JsonFileReader.Parse("{}", "x.json").Value!;

        var (servers, diagnostics) = McpServerConfigParser.ParseMap(file, "/projects/~1srv~1app/mcpServers", McpScope.Local);

        Assert.Empty(servers);
        Assert.Empty(diagnostics);
    }

    [Fact]
    public void ParseMap_LocalScopeUnderEscapedProjectKey_IsFound()
    {
        var file = JsonFileReader.Parse("""{"projects":{"/srv/app":{"mcpServers":{"db":{"command":"pg-mcp"}}}}}""", "c.json").Value!;

        var (servers, _) = McpServerConfigParser.ParseMap(file, "/projects/~1srv~1app/mcpServers", McpScope.Local, "/srv/app");

        Assert.Equal("pg-mcp", Assert.Single(servers).Command);
    }
}
