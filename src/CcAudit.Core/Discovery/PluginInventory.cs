using System.Text.Json;
using System.Text.RegularExpressions;
using CcAudit.Core.Common;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Discovery;

/// <summary>
/// Plugins and mods as a trust surface (audit step 1): the installs <c>plugins/installed_plugins.json</c> records, the
/// marketplaces behind them, mods Claude wrote (<c>dev-mods/</c>), plugin directories sideloaded with
/// <c>--plugin-dir</c> in shell profiles and histories, cached copies no install records, plugins settings enable that
/// are not installed, and the built-in bundle. For each: the code it brings and every settings file that enables it.
/// Reads files only; never runs a hook, module or server it finds.
/// </summary>
public static partial class PluginInventory
{
    /// <summary>The home of the built-in plugins: they live in the binary, not in any Claude home.</summary>
    public const string BinaryHome = "(binary)";

    private const long HistoryMaxBytes = 16L * 1024 * 1024;

    private static readonly string[] Histories = [".bash_history", ".zsh_history", ".local/share/fish/fish_history"];

    /// <summary>A built-in plugin of the 2.1.328 binary (builtin-plugins.json).</summary>
    public sealed record BuiltinPlugin(string Name, bool? HooksModule, string Loads, string Evidence);

    public static IReadOnlyList<BuiltinPlugin> Builtins { get; } = LoadBuiltins();

    /// <summary>One settings document that may enable plugins, and the launch directory it was loaded for (null for user
    /// settings).</summary>
    public sealed record Enabler(SettingsDocument Document, string? LaunchDirectory);

    /// <summary>The plugins of one Claude home; <paramref name="enablers"/> are every settings document of the home's launch
    /// directories.</summary>
    public static IReadOnlyList<PluginReport> ForHome(ClaudeHome home, IReadOnlyList<Enabler> enablers,
        IReadOnlyList<ShellProfileLine> profile, List<Diagnostic> diagnostics, PathMap? map = null)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(enablers);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var enabled = Enablements(enablers);
        var marketplaces = Marketplaces(home, enablers, diagnostics);
        var plugins = new List<PluginReport>();
        foreach (var install in InstalledPlugins.Read(home, diagnostics, map))
        {
            var (name, marketplace) = Split(install.Id);
            marketplaces.TryGetValue(marketplace, out var source);
            plugins.Add(new PluginReport(install.Id, name, marketplace, "installed", home.ConfigDir, source?.Text, source?.Official,
                install.Version,
                install.Scopes, install.Root, EnabledFor(enabled, install.Id), PluginLayout.Read(install.Id, install.Root, diagnostics),
                    []));
        }

        plugins.AddRange(Sideloads(home, profile, enabled, diagnostics));
        plugins.AddRange(DevMods(home, enabled, diagnostics));
        plugins.AddRange(Cached(home, plugins, marketplaces, enabled, diagnostics));
        var known = plugins.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in enabled.Keys.Where(id => !known.Contains(id) && !id.EndsWith("@builtin",
            StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var (name, marketplace) = Split(id);
            marketplaces.TryGetValue(marketplace, out var source);
            plugins.Add(new PluginReport(id, name, marketplace, "not-installed", home.ConfigDir, source?.Text, source?.Official, null, [],
                null,
                enabled[id], PluginComponents.None, []));
        }

        return plugins;
    }

    /// <summary>The built-in bundle, once per machine, with the settings files that switch a built-in on or off.</summary>
    public static IReadOnlyList<PluginReport> BuiltinReports(IReadOnlyList<Enabler> enablers)
    {
        ArgumentNullException.ThrowIfNull(enablers);
        var enabled = Enablements(enablers);
        return
        [
            .. Builtins.Select(b => new PluginReport(b.Name + "@builtin", b.Name, "builtin", "builtin", BinaryHome,
                "the Claude Code binary", true, "2.1.328", ["builtin"],
                null, EnabledFor(enabled, b.Name + "@builtin"),
                PluginComponents.None with { Modules = b.HooksModule == true ? ["(built-in hooks module)"] : [] }, [])),
        ];
    }

    private static List<PluginEnablement> EnabledFor(Dictionary<string, List<PluginEnablement>> enabled, string id) =>
        enabled.TryGetValue(id, out var list) ? list : [];

    /// <summary>Every enabledPlugins entry, by plugin id; a file loaded for several launch directories counts once per directory.</summary>
    private static Dictionary<string, List<PluginEnablement>> Enablements(IReadOnlyList<Enabler> enablers)
    {
        var map = new Dictionary<string, List<PluginEnablement>>(StringComparer.Ordinal);
        foreach (var (document, launch) in enablers)
        {
            if (!document.Root.TryGetProperty("enabledPlugins", out var plugins) || plugins.ValueKind != JsonValueKind.Object
                || document.Path is null)
            {
                continue;
            }

            var directory = document.Source is SettingsSource.Project or SettingsSource.Local ? launch : null;
            foreach (var entry in plugins.EnumerateObject())
            {
                var line = document.LocationOf("/enabledPlugins/" + JsonFile.EscapePointerToken(entry.Name)).Line;
                var row = new PluginEnablement(document.Source.ShortName(), document.Path, line,
                    entry.Value.ValueKind == JsonValueKind.True, directory);
                var list = map.TryGetValue(entry.Name, out var existing) ? existing : map[entry.Name] = [];
                if (!list.Contains(row))
                {
                    list.Add(row);
                }
            }
        }

        return map;
    }

    /// <summary>Marketplaces by name: known_marketplaces.json first (what was fetched), then extraKnownMarketplaces declarations.</summary>
    private static Dictionary<string, MarketplaceSource> Marketplaces(ClaudeHome home, IReadOnlyList<Enabler> enablers,
        List<Diagnostic> diagnostics)
    {
        var map = new Dictionary<string, MarketplaceSource>(StringComparer.Ordinal);
        var known = Path.Combine(home.ConfigDir, "plugins", "known_marketplaces.json");
        if (File.Exists(known))
        {
            var read = JsonFileReader.Read(known);
            diagnostics.AddRange(read.Diagnostics);
            if (read.Value?.Root is { ValueKind: JsonValueKind.Object } root)
            {
                foreach (var entry in root.EnumerateObject())
                {
                    if (MarketplaceSource.Describe(entry.Value) is { } source)
                    {
                        map[entry.Name] = source;
                    }
                }
            }
        }

        foreach (var document in enablers.Select(e => e.Document))
        {
            foreach (var key in MarketplaceSource.SettingsKeys)
            {
                if (document.Root.TryGetProperty(key, out var declared) && declared.ValueKind == JsonValueKind.Object)
                {
                    foreach (var entry in declared.EnumerateObject().Where(e => !map.ContainsKey(e.Name)))
                    {
                        if (MarketplaceSource.Describe(entry.Value) is { } source)
                        {
                            map[entry.Name] = source;
                        }
                    }
                }
            }
        }

        return map;
    }

    /// <summary>Plugin directories named with <c>--plugin-dir</c> on a line of a shell profile or history that starts claude.</summary>
    private static IEnumerable<PluginReport> Sideloads(ClaudeHome home, IReadOnlyList<ShellProfileLine> profile, Dictionary<string,
        List<PluginEnablement>> enabled, List<Diagnostic> diagnostics)
    {
        var lines = new List<ShellProfileLine>(profile);
        foreach (var name in Histories)
        {
            var path = Path.Combine(home.UserHome, name);
            if (File.Exists(path))
            {
                var text = SafeFile.ReadText(path, HistoryMaxBytes);
                diagnostics.AddRange(text.Diagnostics);
                lines.AddRange(text.Value is null ? [] : ShellProfiles.Parse(path, text.Value));
            }
        }

        var seen = new Dictionary<string, List<SourceLocation>>(StringComparer.Ordinal);
        foreach (var line in lines.Where(l => l.Text.Contains("claude", StringComparison.Ordinal)))
        {
            foreach (Match match in PluginDirFlag().Matches(line.Text))
            {
                var spelled = match.Groups["path"].Value.Trim('"', '\'');
                var resolved = spelled == "~" || spelled.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(home.UserHome,
                    spelled.TrimStart('~').TrimStart('/'))
                    : spelled.StartsWith("$HOME/", StringComparison.Ordinal) ? Path.Combine(home.UserHome, spelled[6..]) : spelled;
                var key = Path.IsPathRooted(resolved) ? Path.GetFullPath(resolved) : resolved;
                (seen.TryGetValue(key, out var at) ? at : seen[key] = []).Add(new SourceLocation(line.Path, line.Line));
            }
        }

        foreach (var (directory, at) in seen.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var rooted = Path.IsPathRooted(directory) && Directory.Exists(directory);
            var name = rooted ? ManifestName(directory, diagnostics)
                ?? Path.GetFileName(directory) : Path.GetFileName(directory.TrimEnd('/'));
            var id = name + "@plugin-dir";
            yield return new PluginReport(id, name, "plugin-dir", "plugin-dir", home.ConfigDir,
                "a local directory named with --plugin-dir", false, null, ["session"],
                directory, EnabledFor(enabled, id), rooted ? PluginLayout.Read(id, directory, diagnostics) : PluginComponents.None, at);
        }
    }

    /// <summary>Mods Claude wrote during sessions: each folder of <c>dev-mods/</c> in the Claude home is a plugin root.</summary>
    private static IEnumerable<PluginReport> DevMods(ClaudeHome home, Dictionary<string, List<PluginEnablement>> enabled,
        List<Diagnostic> diagnostics)
    {
        var root = Path.Combine(home.ConfigDir, "dev-mods");
        foreach (var folder in Folders(root, diagnostics))
        {
            var name = ManifestName(folder, diagnostics) ?? Path.GetFileName(folder);
            var id = name + "@dev-mods";
            yield return new PluginReport(id, name, "dev-mods", "dev-mod", home.ConfigDir, "written by Claude during a session", false,
                null, ["session"], folder,
                EnabledFor(enabled, id), PluginLayout.Read(id, folder, diagnostics), [new SourceLocation(folder)]);
        }
    }

    /// <summary>Versions in <c>plugins/cache/&lt;marketplace&gt;/&lt;plugin&gt;/&lt;version&gt;</c> that no install records: they do not
    /// load, but stay on disk.</summary>
    private static IEnumerable<PluginReport> Cached(
        ClaudeHome home, List<PluginReport> installed, Dictionary<string, MarketplaceSource> marketplaces, Dictionary<string,
            List<PluginEnablement>> enabled, List<Diagnostic> diagnostics)
    {
        var recorded = installed.Select(p => p.InstallPath).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var marketplace in Folders(Path.Combine(home.ConfigDir, "plugins", "cache"), diagnostics))
        {
            foreach (var plugin in Folders(marketplace, diagnostics))
            {
                foreach (var version in Folders(plugin, diagnostics).Where(v => !recorded.Contains(v)))
                {
                    var id = $"{Path.GetFileName(plugin)}@{Path.GetFileName(marketplace)}";
                    marketplaces.TryGetValue(Path.GetFileName(marketplace), out var source);
                    yield return new PluginReport(id, Path.GetFileName(plugin), Path.GetFileName(marketplace), "cached", home.ConfigDir,
                        source?.Text, source?.Official,
                        Path.GetFileName(version), [], version, EnabledFor(enabled, id), PluginLayout.Read(id, version, diagnostics),
                            [new SourceLocation(version)]);
                }
            }
        }
    }

    private static List<string> Folders(string directory, List<Diagnostic> diagnostics)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        try
        {
            return [.. Directory.EnumerateDirectories(directory, "*", new EnumerationOptions { IgnoreInaccessible = true,
                AttributesToSkip = FileAttributes.ReparsePoint })
                .Order(StringComparer.Ordinal).Take(PluginLayout.MaxEntries)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.DirectoryUnreadable, $"cannot list plugin folder: {ex.Message}",
                new SourceLocation(directory)));
            return [];
        }
    }

    private static string? ManifestName(string root, List<Diagnostic> diagnostics)
    {
        var manifest = Path.Combine(root, ".claude-plugin", "plugin.json");
        if (!File.Exists(manifest))
        {
            return null;
        }

        var read = JsonFileReader.Read(manifest);
        diagnostics.AddRange(read.Diagnostics);
        return read.Value?.Root is { ValueKind: JsonValueKind.Object } m && m.TryGetProperty("name", out var n)
            && n.ValueKind == JsonValueKind.String
            && n.GetString() is { Length: > 0 and <= 200 } name ? name : null;
    }

    internal static (string Name, string Marketplace) Split(string id) =>
        id.LastIndexOf('@') is var at and > 0 ? (id[..at], id[(at + 1)..]) : (id, string.Empty);

    private static List<BuiltinPlugin> LoadBuiltins()
    {
        using var stream = typeof(PluginInventory).Assembly.GetManifestResourceStream("ccaudit.builtin-plugins.json")
            ?? throw new InvalidOperationException("builtin-plugins.json is not embedded");
        using var json = JsonDocument.Parse(stream);
        return [.. json.RootElement.GetProperty("plugins").EnumerateArray().Select(p => new BuiltinPlugin(
            p.GetProperty("name").GetString()!,
            p.GetProperty("hooksModule").ValueKind == JsonValueKind.Null ? null : p.GetProperty("hooksModule").GetBoolean(),
            p.GetProperty("loads").GetString()!,
            p.GetProperty("evidence").GetString()!))];
    }

    [GeneratedRegex(@"--plugin-dir(?:=|\s+)(?<path>""[^""]+""|'[^']+'|[^\s;|&]+)", RegexOptions.None, 1000)]
    private static partial Regex PluginDirFlag();
}
