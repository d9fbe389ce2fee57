using System.Text.Json;
using CcAudit.Core.Common;

namespace CcAudit.Core.Settings;

/// <summary>
/// Merges settings tiers exactly as Claude Code 2.1.328 does (claude-code-surface.md §1.3–§1.5): managed, flag,
/// local, project, user; scalars from the highest tier that sets them (later managed drop-ins beat earlier ones),
/// arrays concatenated, hooks merged, and trust gating of the project tier.
/// </summary>
public static class EffectiveSettingsBuilder
{
    // Keys a project file may only contribute once the folder is trusted (surface §1.5, §3.5, §3.6).
    private static readonly HashSet<string> TrustGatedProjectKeys = new(StringComparer.Ordinal)
    {
        "permissions.allow", "permissions.additionalDirectories", "enableAllProjectMcpServers", "enabledMcpjsonServers", "extraKnownMarketplaces", "additionalMarketplaces",
    };

    public static EffectiveSettings Build(IReadOnlyList<SettingsDocument> documents, bool trusted)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var ordered = Order(documents);
        var managedRulesOnly = ordered.Any(d => d.Source == SettingsSource.Managed && BoolAt(d.Root, "allowManagedPermissionRulesOnly") == true);

        var scalars = new Dictionary<string, EffectiveValue>(StringComparer.Ordinal);
        var arrays = new Dictionary<string, (List<JsonElement> Items, SettingsSource Source, SourceLocation Location, List<SourceLocation> More)>(StringComparer.Ordinal);
        foreach (var document in ordered)
        {
            // A plugin's hooks.json contributes hooks only; its other keys (description …) are not settings.
            if (document.Root.ValueKind != JsonValueKind.Object || document.Source == SettingsSource.Plugin)
            {
                continue;
            }

            foreach (var (path, pointer, value) in Leaves(document.Root, string.Empty, string.Empty))
            {
                if (IsIgnored(document.Source, path, value, trusted))
                {
                    continue;
                }

                var location = document.LocationOf(pointer);
                if (value.ValueKind == JsonValueKind.Array)
                {
                    if (arrays.TryGetValue(path, out var existing))
                    {
                        existing.Items.AddRange(value.EnumerateArray());
                        existing.More.Add(location);
                    }
                    else
                    {
                        arrays[path] = ([.. value.EnumerateArray()], document.Source, location, []);
                    }
                }
                else if (scalars.TryGetValue(path, out var winner))
                {
                    scalars[path] = winner with { Overridden = [.. winner.Overridden, location] };
                }
                else
                {
                    scalars[path] = new EffectiveValue(path, value.Clone(), document.Source, location, []);
                }
            }
        }

        foreach (var (path, array) in arrays)
        {
            scalars[path] = new EffectiveValue(path, JsonSerializer.SerializeToElement(array.Items), array.Source, array.Location, array.More);
        }

        return new EffectiveSettings(ordered, scalars, Rules(ordered, trusted, managedRulesOnly), Hooks(ordered), trusted);
    }

    /// <summary>Highest precedence first; among managed files, later drop-ins first (a later drop-in wins a scalar).</summary>
    public static IReadOnlyList<SettingsDocument> Order(IReadOnlyList<SettingsDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var managed = documents.Where(d => d.Source == SettingsSource.Managed).Reverse();
        var rest = documents.Where(d => d.Source != SettingsSource.Managed).OrderBy(d => d.Source);
        return [.. managed, .. rest];
    }

    private static bool IsIgnored(SettingsSource source, string path, JsonElement value, bool trusted) =>
        (source == SettingsSource.Project && !trusted && TrustGatedProjectKeys.Contains(path))
        || NotReadFrom(source, path)
        || (source is SettingsSource.Project or SettingsSource.Local && path == "permissions.defaultMode" && value.ValueKind == JsonValueKind.String && value.GetString() == "auto");

    /// <summary>A key Claude Code reads only from other tiers (managed-only locks, launcher-only knobs; settings-keys.json).</summary>
    public static bool NotReadFrom(SettingsSource source, string path)
    {
        for (var key = path; key.Length > 0; key = key.LastIndexOf('.') is var dot and > 0 ? key[..dot] : string.Empty)
        {
            if (SettingsKeyCatalog.Find(key) is { } known)
            {
                return source != SettingsSource.Session && !known.ReadFrom(source);
            }
        }

        return false;
    }

    private static IEnumerable<(string Path, string Pointer, JsonElement Value)> Leaves(JsonElement element, string path, string pointer)
    {
        foreach (var property in element.EnumerateObject())
        {
            var childPath = path.Length == 0 ? property.Name : path + "." + property.Name;
            var childPointer = pointer + "/" + JsonFile.EscapePointerToken(property.Name);

            // Hooks merge as handlers (see Hooks), not as a settings tree.
            if (childPath == "hooks")
            {
                continue;
            }

            if (property.Value.ValueKind == JsonValueKind.Object && property.Value.EnumerateObject().Any())
            {
                foreach (var leaf in Leaves(property.Value, childPath, childPointer))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return (childPath, childPointer, property.Value);
            }
        }
    }

    private static List<PermissionRuleEntry> Rules(IReadOnlyList<SettingsDocument> ordered, bool trusted, bool managedRulesOnly)
    {
        var rules = new List<PermissionRuleEntry>();
        foreach (var document in ordered)
        {
            if (document.Source == SettingsSource.Plugin || document.Root.ValueKind != JsonValueKind.Object
                || !document.Root.TryGetProperty("permissions", out var permissions) || permissions.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var (key, list) in new[] { ("allow", PermissionList.Allow), ("ask", PermissionList.Ask), ("deny", PermissionList.Deny) })
            {
                if (!permissions.TryGetProperty(key, out var array) || array.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                var index = 0;
                foreach (var item in array.EnumerateArray())
                {
                    var location = document.LocationOf($"/permissions/{key}/{index++}");
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        continue;
                    }

                    string? ignored = null;
                    if (managedRulesOnly && document.Source != SettingsSource.Managed)
                    {
                        ignored = "allowManagedPermissionRulesOnly is set in managed settings";
                    }
                    else if (!trusted && document.Source == SettingsSource.Project && list == PermissionList.Allow)
                    {
                        ignored = "the workspace is not trusted: project allow rules are dropped";
                    }

                    rules.Add(new PermissionRuleEntry(item.GetString()!, list, document.Source, location, ignored is null, ignored));
                }
            }
        }

        return rules;
    }

    private static List<HookEntry> Hooks(IReadOnlyList<SettingsDocument> ordered)
    {
        var hooks = new List<HookEntry>();
        foreach (var document in ordered)
        {
            if (document.Root.ValueKind != JsonValueKind.Object || !document.Root.TryGetProperty("hooks", out var events) || events.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var hookEvent in events.EnumerateObject())
            {
                if (hookEvent.Value.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                var groupIndex = 0;
                foreach (var group in hookEvent.Value.EnumerateArray())
                {
                    var groupPointer = $"/hooks/{JsonFile.EscapePointerToken(hookEvent.Name)}/{groupIndex++}";
                    if (group.ValueKind != JsonValueKind.Object || !group.TryGetProperty("hooks", out var handlers) || handlers.ValueKind != JsonValueKind.Array)
                    {
                        continue;
                    }

                    var matcher = group.TryGetProperty("matcher", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                    var handlerIndex = 0;
                    foreach (var handler in handlers.EnumerateArray())
                    {
                        var pointer = $"{groupPointer}/hooks/{handlerIndex++}";
                        if (handler.ValueKind != JsonValueKind.Object)
                        {
                            continue;
                        }

                        var type = StringAt(handler, "type") ?? "command";
                        var command = type switch
                        {
                            "http" => StringAt(handler, "url"),
                            "mcp_tool" => $"{StringAt(handler, "server")}/{StringAt(handler, "tool")}",
                            "prompt" or "agent" => StringAt(handler, "prompt"),
                            _ => CommandLine(handler),
                        };
                        hooks.Add(new HookEntry(hookEvent.Name, matcher, type, command, document.Source, document.LocationOf(pointer)));
                    }
                }
            }
        }

        return hooks;
    }

    private static string? CommandLine(JsonElement handler)
    {
        var command = StringAt(handler, "command");
        if (handler.TryGetProperty("args", out var args) && args.ValueKind == JsonValueKind.Array)
        {
            return string.Join(' ', [command, .. args.EnumerateArray().Select(a => a.ToString())]);
        }

        return command;
    }

    private static string? StringAt(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool? BoolAt(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;
}
