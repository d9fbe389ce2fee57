using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CcAudit.Core.Common;
using CcAudit.Core.Mcp;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Mcp;

/// <summary>Configs for the real npm MCP servers and the project's hostile server, and HTTP servers on loopback.</summary>
internal static class McpTestServers
{
    public static string HostileScript => TestEnvironment.TestData("Mcp", "hostile-server.mjs");

    public static string EverythingScript => TestEnvironment.NpmFile("@modelcontextprotocol", "server-everything", "dist", "index.js");

    public static string FilesystemScript => TestEnvironment.NpmFile("@modelcontextprotocol", "server-filesystem", "dist", "index.js");

    public static McpServerConfig Stdio(string name, string command, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? env = null) =>
        new(name, McpScope.Project, new SourceLocation("/test/.mcp.json", 1, 1, "/mcpServers/" + name), McpTransport.Stdio, "stdio", command, args,
            env ?? new Dictionary<string, string>(), null, new Dictionary<string, string>(), null, "/test");

    public static McpServerConfig Remote(string name, McpTransport transport, string url) =>
        new(name, McpScope.User, new SourceLocation("/home/x/.claude.json", 1, 1, "/mcpServers/" + name), transport, transport == McpTransport.Sse ? "sse" : "http", null, [],
            new Dictionary<string, string>(), url, new Dictionary<string, string> { ["Authorization"] = "Bearer test-token-not-secret" }, null, null);

    public static McpServerConfig Hostile(string mode, params string[] extra) => Stdio("hostile-" + mode, "node", [HostileScript, mode, .. extra]);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts server-everything over HTTP on a free loopback port and waits until it listens.</summary>
    public static async Task<(Process Process, int Port)> StartEverythingHttpAsync(string transport)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("node", [EverythingScript, transport]) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return (process, port);
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"server-everything ({transport}) did not listen on {port}: {await process.StandardError.ReadToEndAsync()}");
    }
}
