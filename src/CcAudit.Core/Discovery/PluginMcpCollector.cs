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
    /// <c>installPath</c> is absolute as Claude Code recorded it: on a forensic copy <paramref name="map"/> (<c>--path-map</c>)
    /// says where it is now, and an install directory that is not there is a diagnostic, never a plugin silently absent.
    /// </remarks>
    public static IReadOnlyList<(string Plugin, string Root)> Installs(ClaudeHome home, List<Diagnostic> diagnostics, PathMap? map = null)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var installed = System.IO.Path.Combine(home.ConfigDir, "plugins", "installed_plugins.json");
        if (!File.Exists(installed))
        {
            return [];
        }

        var read = JsonFileReader.Read(installed);
        diagnostics.AddRange(read.Diagnostics);
        if (read.Value?.Root is not { ValueKind: JsonValueKind.Object } root || !root.TryGetProperty("plugins", out var plugins) || plugins.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var installs = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var plugin in plugins.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array))
        {
            foreach (var install in plugin.Value.EnumerateArray())
            {
                if (install.ValueKind == JsonValueKind.Object && install.TryGetProperty("installPath", out var path) && path.ValueKind == JsonValueKind.String
                    && Resolve(path.GetString()!, home) is { } recorded
                    && (map ?? PathMap.None).Apply(recorded) is var pluginRoot && seen.Add(pluginRoot))
                {
                    if (!Directory.Exists(pluginRoot))
                    {
                        var hint = pluginRoot == recorded ? " (a copied home needs --path-map FROM=TO)" : string.Empty;
                        diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.FileMissing,
                            $"plugin {plugin.Name}: its install directory {pluginRoot} is not there, "
                            + "so its hooks and MCP servers could not be read" + hint, new SourceLocation(installed)));
                        continue;
                    }

                    installs.Add((plugin.Name, pluginRoot));
                }
            }
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
            if (declared.ValueKind == JsonValueKind.String)
            {
                files.Add(System.IO.Path.GetFullPath(System.IO.Path.Combine(pluginRoot, Expand(declared.GetString()!, pluginRoot))));
            }
            else
            {
                servers.AddRange(Parse(manifest, plugin, pluginRoot, diagnostics));
            }
        }

        foreach (var file in files.Distinct(StringComparer.Ordinal))
        {
            if (Read(file, diagnostics) is { } json)
            {
                servers.AddRange(Parse(json, plugin, pluginRoot, diagnostics));
            }
        }

        return servers;
    }

    private static IEnumerable<McpServerConfig> Parse(JsonFile file, string plugin, string pluginRoot, List<Diagnostic> diagnostics)
    {
        var (servers, problems) = McpServerConfigParser.ParseMap(file, "/mcpServers", McpScope.Plugin);
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

    private static string? Resolve(string installPath, ClaudeHome home)
    {
        var path = installPath == "~" || installPath.StartsWith("~/", StringComparison.Ordinal)
            ? System.IO.Path.Combine(home.UserHome, installPath.TrimStart('~').TrimStart('/'))
            : installPath;
        return System.IO.Path.IsPathRooted(path) ? System.IO.Path.GetFullPath(path) : null;
    }

    private static string Expand(string value, string pluginRoot) => value.Replace(RootVariable, pluginRoot, StringComparison.Ordinal);
}
