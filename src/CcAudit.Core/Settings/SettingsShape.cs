using System.Text.Json;
using CcAudit.Core.Common;

namespace CcAudit.Core.Settings;

/// <summary>
/// Says where a settings file or <c>~/.claude.json</c> has a value of the wrong type (permissions as a string, allow as
/// an object, rules as numbers, hooks as a string): Claude Code ignores such a value, so a policy the operator believes
/// in is not in force; accepting it silently would report it as if it were.
/// </summary>
public static class SettingsShape
{
    private static readonly (string Pointer, JsonValueKind Kind)[] SettingsKinds =
    [
        ("/permissions", JsonValueKind.Object), ("/permissions/allow", JsonValueKind.Array), ("/permissions/deny", JsonValueKind.Array),
        ("/permissions/ask", JsonValueKind.Array), ("/permissions/additionalDirectories", JsonValueKind.Array), ("/hooks", JsonValueKind.Object),
        ("/env", JsonValueKind.Object), ("/enabledPlugins", JsonValueKind.Object), ("/enabledMcpjsonServers", JsonValueKind.Array),
        ("/permissions/defaultMode", JsonValueKind.String), ("/apiKeyHelper", JsonValueKind.String), ("/sandbox", JsonValueKind.Object),
    ];

    private static readonly (string Pointer, JsonValueKind Kind)[] GlobalKinds =
    [
        ("/projects", JsonValueKind.Object), ("/mcpServers", JsonValueKind.Object), ("/githubRepoPaths", JsonValueKind.Object),
    ];

    /// <summary>Diagnostics for a settings file's wrong-typed values.</summary>
    public static void CheckSettings(JsonFile file, List<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(diagnostics);
        Check(file, SettingsKinds, diagnostics);
        foreach (var list in new[] { "allow", "deny", "ask" })
        {
            if (Resolve(file.Root, $"/permissions/{list}") is { ValueKind: JsonValueKind.Array } rules)
            {
                var index = 0;
                foreach (var rule in rules.EnumerateArray())
                {
                    if (rule.ValueKind != JsonValueKind.String)
                    {
                        diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.JsonWrongType, $"permissions.{list}[{index}] is {rule.ValueKind}, not a rule string; Claude Code ignores it", file.LocationOf($"/permissions/{list}/{index}")));
                    }

                    index++;
                }
            }
        }

        CheckHooks(file, diagnostics);
    }

    /// <summary>Each event a list of matcher groups, each group an object whose <c>hooks</c> is a list of handler objects.</summary>
    private static void CheckHooks(JsonFile file, List<Diagnostic> diagnostics)
    {
        if (Resolve(file.Root, "/hooks") is not { ValueKind: JsonValueKind.Object } hooks)
        {
            return;
        }

        void Wrong(string pointer, string what) =>
            diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.JsonWrongType, $"{pointer[1..].Replace('/', '.')} {what}; Claude Code ignores it", file.LocationOf(pointer)));
        foreach (var hookEvent in hooks.EnumerateObject())
        {
            var eventPointer = "/hooks/" + JsonFile.EscapePointerToken(hookEvent.Name);
            if (hookEvent.Value.ValueKind != JsonValueKind.Array)
            {
                Wrong(eventPointer, $"is {hookEvent.Value.ValueKind}, not a list of matcher groups");
                continue;
            }

            var g = 0;
            foreach (var group in hookEvent.Value.EnumerateArray())
            {
                var groupPointer = $"{eventPointer}/{g++}";
                if (group.ValueKind != JsonValueKind.Object)
                {
                    Wrong(groupPointer, $"is {group.ValueKind}, not a matcher group");
                    continue;
                }

                if (group.TryGetProperty("matcher", out var matcher) && matcher.ValueKind != JsonValueKind.String)
                {
                    Wrong(groupPointer + "/matcher", $"is {matcher.ValueKind}, not a string");
                }

                if (!group.TryGetProperty("hooks", out var handlers) || handlers.ValueKind != JsonValueKind.Array)
                {
                    Wrong(groupPointer + "/hooks", "is not a list of hook handlers");
                    continue;
                }

                var h = 0;
                foreach (var handler in handlers.EnumerateArray())
                {
                    var handlerPointer = $"{groupPointer}/hooks/{h++}";
                    if (handler.ValueKind != JsonValueKind.Object || !handler.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                    {
                        Wrong(handlerPointer, "is not a handler object with a string type");
                    }
                    else if (handler.TryGetProperty("command", out var command) && command.ValueKind != JsonValueKind.String)
                    {
                        Wrong(handlerPointer + "/command", $"is {command.ValueKind}, not a string");
                    }
                }
            }
        }
    }

    /// <summary>Diagnostics for <c>~/.claude.json</c>: not an object at all, or wrong-typed top-level members.</summary>
    public static void CheckGlobal(JsonFile file, List<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (file.Root.ValueKind != JsonValueKind.Object)
        {
            diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.JsonWrongType, $"~/.claude.json must be a JSON object, not {file.Root.ValueKind}; no project, trust record or MCP server in it is read", file.LocationOf(string.Empty)));
            return;
        }

        Check(file, GlobalKinds, diagnostics);
    }

    private static void Check(JsonFile file, (string Pointer, JsonValueKind Kind)[] kinds, List<Diagnostic> diagnostics)
    {
        foreach (var (pointer, kind) in kinds)
        {
            if (Resolve(file.Root, pointer) is { } value && value.ValueKind != kind)
            {
                diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.JsonWrongType,
                    $"{pointer[1..].Replace('/', '.')} is {value.ValueKind}, not {kind}; Claude Code ignores it", file.LocationOf(pointer)));
            }
        }
    }

    private static JsonElement? Resolve(JsonElement root, string pointer)
    {
        var current = root;
        foreach (var part in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return null;
            }
        }

        return current;
    }
}
