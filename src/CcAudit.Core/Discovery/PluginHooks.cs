using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Discovery;

/// <summary>
/// The hooks a plugin brings (claude-code-surface.md §7): <c>hooks/hooks.json</c> at the plugin root, or the file or inline
/// object the manifest's <c>hooks</c> field names. They run in every session where the plugin is enabled.
/// </summary>
public static class PluginHooks
{
    /// <summary>The plugin's hook documents (source <see cref="SettingsSource.Plugin"/>); bad files are diagnostics.</summary>
    public static IReadOnlyList<SettingsDocument> Load(string pluginRoot, List<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var documents = new List<SettingsDocument>();
        var files = new List<string> { Path.Combine(pluginRoot, "hooks", "hooks.json") };
        var manifest = ReadObject(Path.Combine(pluginRoot, ".claude-plugin", "plugin.json"), diagnostics);
        if (manifest is not null && manifest.Root.TryGetProperty("hooks", out var declared))
        {
            if (declared.ValueKind == JsonValueKind.String)
            {
                files.Add(Path.GetFullPath(Path.Combine(pluginRoot, declared.GetString()!.Replace("${CLAUDE_PLUGIN_ROOT}", pluginRoot, StringComparison.Ordinal))));
            }
            else if (declared.ValueKind == JsonValueKind.Object)
            {
                documents.Add(SettingsDocument.FromFile(SettingsSource.Plugin, manifest));
            }
            else
            {
                diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.JsonWrongType,
                    $"plugin manifest hooks must be a path or an object, not {declared.ValueKind}; Claude Code loads no hooks from it", manifest.LocationOf("/hooks")));
            }
        }

        foreach (var file in files.Distinct(StringComparer.Ordinal))
        {
            if (ReadObject(file, diagnostics) is not { } json)
            {
                continue;
            }

            var hasHooks = json.Root.TryGetProperty("hooks", out var hooks) && hooks.ValueKind == JsonValueKind.Object;
            // A hooks file may hold only a hooks module ({"modules":["./register.js"]}, what `claude plugin init` writes).
            var hasModules = json.Root.TryGetProperty("modules", out var modules);
            if (hasModules && (modules.ValueKind != JsonValueKind.Array || modules.GetArrayLength() > 1
                || modules.EnumerateArray().Any(m => m.ValueKind != JsonValueKind.String)))
            {
                diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.JsonWrongType,
                    "plugin hooks file has a \"modules\" that is not a list of at most one string; Claude Code refuses its hooks module",
                        json.LocationOf("/modules")));
            }

            if (!hasHooks && !hasModules)
            {
                diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.JsonWrongType,
                    "plugin hooks file has no \"hooks\" object; Claude Code loads no hooks from it", new SourceLocation(file, 1, 1)));
                continue;
            }

            documents.Add(SettingsDocument.FromFile(SettingsSource.Plugin, json));
        }

        return documents;
    }

    /// <summary>
    /// The hooks module a hooks document names (<c>"modules": ["./register.js"]</c>): a mod, code that runs inside Claude Code's
    /// own process. The binary takes at most one string; anything else it refuses, so nothing is returned for it.
    /// </summary>
    public static IReadOnlyList<string> Modules(SettingsDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Root.ValueKind == JsonValueKind.Object && document.Root.TryGetProperty("modules", out var modules)
            && modules.ValueKind == JsonValueKind.Array
            && modules.GetArrayLength() == 1 && modules[0].ValueKind == JsonValueKind.String
                && modules[0].GetString() is { Length: > 0 and <= 1024 } module
            ? [module]
            : [];
    }

    /// <summary>Whether a directory is a plugin root: it has a manifest or a hooks file where Claude Code looks for them.</summary>
    public static bool IsPluginRoot(string directory) =>
        File.Exists(Path.Combine(directory, ".claude-plugin", "plugin.json")) || File.Exists(Path.Combine(directory, "hooks", "hooks.json"));

    private static JsonFile? ReadObject(string path, List<Diagnostic> diagnostics)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var read = JsonFileReader.Read(path);
        diagnostics.AddRange(read.Diagnostics);
        if (read.Value is { } file && file.Root.ValueKind != JsonValueKind.Object)
        {
            diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.JsonWrongType, $"must be a JSON object, not {file.Root.ValueKind}; Claude Code ignores this file", new SourceLocation(path, 1, 1)));
            return null;
        }

        return read.Value;
    }
}
