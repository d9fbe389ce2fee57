using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Mcp;

namespace CcAudit.Core.Discovery;

/// <summary>
/// The MCP servers installed plugins bring (claude-code-surface.md §6.1, §7): each install recorded in
/// <c>plugins/installed_plugins.json</c> has an <c>installPath</c> whose <c>.mcp.json</c> and
/// <c>.claude-plugin/plugin.json</c> (<c>mcpServers</c>, inline or a path to a file) declare servers.
/// </summary>
public static class PluginMcpCollector
{
    private const string RootVariable = "${CLAUDE_PLUGIN_ROOT}";

    public static IReadOnlyList<McpServerConfig> Collect(ClaudeHome home, List<Diagnostic> diagnostics) =>
        [.. Installs(home, diagnostics).SelectMany(i => FromPlugin(i.Plugin, i.Root, diagnostics))];

    /// <summary>
    /// Each installed plugin (<c>name@marketplace</c>) and its install directory; one plugin can be installed in several
    /// scopes, and installs sharing a cache directory count once.
    /// </summary>
    /// <remarks>
    /// On a forensic copy <paramref name="map"/> (<c>--path-map</c>) says where each recorded <c>installPath</c> is now, and
    /// an install directory that is not there is a diagnostic, never a plugin silently absent.
    /// </remarks>
    public static IReadOnlyList<(string Plugin, string Root)> Installs(ClaudeHome home, List<Diagnostic> diagnostics, PathMap? map = null)
    {
        var installs = new List<(string, string)>();
        foreach (var install in InstalledPlugins.Read(home, diagnostics, map))
        {
            if (!Directory.Exists(install.Root))
            {
                var hint = map is null || map.IsEmpty ? " (a copied home needs --path-map FROM=TO)" : string.Empty;
                diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.FileMissing,
                    $"plugin {install.Id}: its install directory {install.Root} is not there, so its hooks and MCP servers could not be read"
                    + hint, new SourceLocation(System.IO.Path.Combine(home.ConfigDir, "plugins", "installed_plugins.json"))));
                continue;
            }

            installs.Add((install.Id, install.Root));
        }

        return installs;
    }

    /// <summary>The servers one plugin directory declares (<c>.mcp.json</c>, the manifest's <c>mcpServers</c>), as plugin <paramref name="plugin"/>.</summary>
    public static IEnumerable<McpServerConfig> FromPlugin(string plugin, string pluginRoot, List<Diagnostic> diagnostics)
    {
        var files = new List<string> { System.IO.Path.Combine(pluginRoot, ".mcp.json") };
        var manifestPath = System.IO.Path.Combine(pluginRoot, ".claude-plugin", "plugin.json");
        var servers = new List<McpServerConfig>();
        if (Read(manifestPath, diagnostics) is { } manifest && manifest.Root.ValueKind == JsonValueKind.Object && manifest.Root.TryGetProperty("mcpServers", out var declared))
        {
            // The binary takes a path, an inline map, or a list of either.
            var items = declared.ValueKind == JsonValueKind.Array ? declared.EnumerateArray().Select((v, i) => (v,
                "/mcpServers/" + i)).ToList() : [(declared, "/mcpServers")];
            foreach (var (item, pointer) in items)
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    files.Add(System.IO.Path.GetFullPath(System.IO.Path.Combine(pluginRoot, Expand(item.GetString()!, pluginRoot))));
                }
                else
                {
                    servers.AddRange(Parse(manifest, pointer, plugin, pluginRoot, diagnostics));
                }
            }
        }

        foreach (var file in files.Distinct(StringComparer.Ordinal))
        {
            if (Read(file, diagnostics) is { } json)
            {
                // A plugin's .mcp.json may wrap its servers in "mcpServers" or list them at the top
                // (the binary reads `mcpServers || file`).
                var wrapped = json.Root.ValueKind == JsonValueKind.Object && json.Root.TryGetProperty("mcpServers", out _);
                servers.AddRange(Parse(json, wrapped ? "/mcpServers" : string.Empty, plugin, pluginRoot, diagnostics));
            }
        }

        return servers;
    }

    private static IEnumerable<McpServerConfig> Parse(JsonFile file, string pointer, string plugin, string pluginRoot,
        List<Diagnostic> diagnostics)
    {
        var (servers, problems) = McpServerConfigParser.ParseMap(file, pointer, McpScope.Plugin);
        diagnostics.AddRange(problems);
        // Claude Code substitutes the plugin root before starting the server; the expanded form is what would run.
        return servers.Select(s => s with
        {
            Command = s.Command is null ? null : Expand(s.Command, pluginRoot),
            Args = [.. s.Args.Select(a => Expand(a, pluginRoot))],
            Env = s.Env.ToDictionary(e => e.Key, e => Expand(e.Value, pluginRoot), StringComparer.Ordinal),
            Url = s.Url is null ? null : Expand(s.Url, pluginRoot),
            Plugin = plugin,
        });
    }

    private static JsonFile? Read(string path, List<Diagnostic> diagnostics)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var read = JsonFileReader.Read(path);
        diagnostics.AddRange(read.Diagnostics);
        return read.Value;
    }

    private static string Expand(string value, string pluginRoot) => value.Replace(RootVariable, pluginRoot, StringComparison.Ordinal);
}
