using System.Text.Json;
using CcAudit.Core.Common;

namespace CcAudit.Core.Discovery;

/// <summary>One plugin id's install as <c>plugins/installed_plugins.json</c> records it (version 2 lists one entry per scope; version 1
/// holds one object).</summary>
public sealed record InstalledPlugin(string Id, string Root, string? Version, IReadOnlyList<string> Scopes);

/// <summary>Reads <c>plugins/installed_plugins.json</c>: each plugin id and install directory, with its scopes; installs sharing a
/// directory count once.</summary>
public static class InstalledPlugins
{
    /// <param name="home">The Claude home.</param>
    /// <param name="diagnostics">Where problems go.</param>
    /// <param name="map"><c>--path-map</c>: <c>installPath</c> is absolute as Claude Code recorded it; on a forensic copy
    /// the map says where it is now.</param>
    public static IReadOnlyList<InstalledPlugin> Read(ClaudeHome home, List<Diagnostic> diagnostics, PathMap? map = null)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var path = Path.Combine(home.ConfigDir, "plugins", "installed_plugins.json");
        if (!File.Exists(path))
        {
            return [];
        }

        var read = JsonFileReader.Read(path);
        diagnostics.AddRange(read.Diagnostics);
        if (read.Value?.Root is not { ValueKind: JsonValueKind.Object } root || !root.TryGetProperty("plugins", out var plugins)
            || plugins.ValueKind != JsonValueKind.Object)
        {
            if (read.Value is not null)
            {
                diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.JsonWrongType,
                    "installed_plugins.json has no \"plugins\" object; no install was read from it", new SourceLocation(path, 1, 1)));
            }

            return [];
        }

        var installs = new Dictionary<string, (string Id, string? Version, List<string> Scopes)>(StringComparer.Ordinal);
        foreach (var plugin in plugins.EnumerateObject())
        {
            var entries = plugin.Value.ValueKind switch
            {
                JsonValueKind.Array => plugin.Value.EnumerateArray().ToList(),
                JsonValueKind.Object => [plugin.Value],
                _ => [],
            };
            foreach (var entry in entries.Where(e => e.ValueKind == JsonValueKind.Object))
            {
                if (String(entry, "installPath") is not { } spelled || Resolve(spelled, home) is not { } recorded)
                {
                    continue;
                }

                var root2 = (map ?? PathMap.None).Apply(recorded);

                var scope = String(entry, "scope") ?? "user";
                var scoped = String(entry, "projectPath") is { } project ? $"{scope}:{project}" : scope;
                if (!installs.TryGetValue(root2, out var install))
                {
                    installs[root2] = install = (plugin.Name, String(entry, "version"), []);
                }

                if (!install.Scopes.Contains(scoped))
                {
                    install.Scopes.Add(scoped);
                }
            }
        }

        return [.. installs.Select(i => new InstalledPlugin(i.Value.Id, i.Key, i.Value.Version, i.Value.Scopes))];
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Resolve(string installPath, ClaudeHome home)
    {
        if (installPath.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        var path = installPath == "~" || installPath.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(home.UserHome, installPath.TrimStart('~').TrimStart('/'))
            : installPath;
        return Path.IsPathRooted(path) ? Path.GetFullPath(path) : null;
    }
}

/// <summary>
/// What a plugin directory brings, read the way the binary inventories it: hooks and hooks modules (<c>"modules"</c> in a
/// hooks file: mods), MCP servers (<c>.mcp.json</c>, manifest), agents, skills, commands, LSP servers and <c>bin/</c> programs.
/// </summary>
public static class PluginLayout
{
    /// <summary>Directory entries read per plugin folder: a planted tree of millions of files must not stall the scan.</summary>
    public const int MaxEntries = 10_000;

    public static PluginComponents Read(string id, string root, List<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (!Directory.Exists(root))
        {
            diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.FileMissing,
                $"plugin {id}: its directory is missing, so what it brings is not known", new SourceLocation(root)));
            return PluginComponents.None;
        }

        var handlers = 0;
        var events = new SortedSet<string>(StringComparer.Ordinal);
        var modules = new List<string>();
        foreach (var document in PluginHooks.Load(root, diagnostics))
        {
            if (document.Root.TryGetProperty("hooks", out var hooks) && hooks.ValueKind == JsonValueKind.Object)
            {
                foreach (var hookEvent in hooks.EnumerateObject().Where(e => e.Value.ValueKind == JsonValueKind.Array))
                {
                    var count = hookEvent.Value.EnumerateArray().Where(g => g.ValueKind == JsonValueKind.Object
                        && g.TryGetProperty("hooks", out var h) && h.ValueKind == JsonValueKind.Array)
                        .Sum(g => g.GetProperty("hooks").GetArrayLength());
                    handlers += count;
                    if (count > 0)
                    {
                        events.Add(hookEvent.Name);
                    }
                }
            }

            modules.AddRange(PluginHooks.Modules(document));
        }

        var servers = PluginMcpCollector.FromPlugin(id, root,
            diagnostics).Select(s => s.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var other = File.Exists(Path.Combine(root, ".lsp.json")) || Count(Path.Combine(root, "bin"), "*", SearchOption.TopDirectoryOnly) > 0
            || ManifestHas(root, "lspServers", diagnostics);
        return new PluginComponents(handlers, [.. events], [.. modules.Distinct(StringComparer.Ordinal)], servers,
            Count(Path.Combine(root, "agents"), "*.md", SearchOption.AllDirectories), Count(Path.Combine(root, "skills"), "SKILL.md",
                SearchOption.AllDirectories),
            Count(Path.Combine(root, "commands"), "*.md", SearchOption.AllDirectories), other);
    }

    private static bool ManifestHas(string root, string key, List<Diagnostic> diagnostics)
    {
        var manifest = Path.Combine(root, ".claude-plugin", "plugin.json");
        if (!File.Exists(manifest))
        {
            return false;
        }

        var read = JsonFileReader.Read(manifest);
        diagnostics.AddRange(read.Diagnostics);
        return read.Value?.Root is { ValueKind: JsonValueKind.Object } m && m.TryGetProperty(key, out var value)
            && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.False);
    }

    private static int Count(string directory, string pattern, SearchOption option)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        try
        {
            return Directory.EnumerateFiles(directory, pattern, new EnumerationOptions
            {
                RecurseSubdirectories = option == SearchOption.AllDirectories, IgnoreInaccessible = true,
                    AttributesToSkip = FileAttributes.ReparsePoint, MaxRecursionDepth = 8,
            }).Take(MaxEntries).Count();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
