using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Permissions;

/// <summary>One permission case (shared/permission-cases/FORMAT.md): a tool call and everything that decides it.</summary>
/// <remarks><see cref="Raw"/> keeps the whole case: the oracle needs each tier's settings exactly as written and the MCP servers.</remarks>
public sealed record PermissionCase(string Id, PermissionContext Context, string Tool, JsonElement Input, string? Expect, string? Note, JsonElement Raw)
{
    /// <summary>Every non-blank line of a case file, parsed, with the line as written (a malformed one still has its id there).</summary>
    public static IEnumerable<(string Line, ParseResult<PermissionCase> Result)> ReadFile(string file)
    {
        var number = 0;
        foreach (var line in File.ReadLines(file))
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return (line, Parse(line, file, number));
            }
        }
    }

    /// <summary>Parses one JSON line; a malformed case is a diagnostic naming the line.</summary>
    public static ParseResult<PermissionCase> Parse(string line, string file, int lineNumber)
    {
        var location = new SourceLocation(file, lineNumber, 1);
        try
        {
            // Not disposed: the case keeps its input and raw elements (no copies); the GC reclaims the document with the case.
            var root = JsonDocument.Parse(line).RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ParseResult<PermissionCase>.Fail(Diagnostic.Error(DiagnosticCodes.JsonlLineMalformed, $"a case must be a JSON object, not {root.ValueKind}", location));
            }

            string Text(string name, string fallback = "") => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : fallback;
            var id = Text("id");
            var tool = Text("tool");
            if (id.Length == 0 || tool.Length == 0 || !root.TryGetProperty("input", out var input))
            {
                return ParseResult<PermissionCase>.Fail(Diagnostic.Error(DiagnosticCodes.JsonlLineMalformed, "case needs id, tool and input", location));
            }

            var home = Text("home", "/home/user");
            var cwd = Text("cwd", "/work");
            var addDirs = root.TryGetProperty("addDirs", out var dirs) && dirs.ValueKind == JsonValueKind.Array
                ? dirs.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.String).Select(d => d.GetString()!).ToList()
                : [];
            var trusted = !root.TryGetProperty("trusted", out var t) || t.ValueKind != JsonValueKind.False;
            var hasSettings = root.TryGetProperty("settings", out var settings) && settings.ValueKind == JsonValueKind.Object;
            var key = string.Join('\u0001', Text("mode", "default"), trusted ? "t" : "u", home, cwd, string.Join('\u0002', addDirs));
            var raw = hasSettings ? System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(settings) : [];
            // Cases are drawn from few configurations: one context per configuration, so an engine compiled for it is reused.
            var context = Known(key, raw) ?? Remember(key, raw.ToArray(), new PermissionContext(Text("mode", "default"), trusted, home, cwd, addDirs, Documents(settings, hasSettings, home, cwd)));
            return ParseResult<PermissionCase>.Ok(new PermissionCase(id, context, tool, input, root.TryGetProperty("expect", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null, Text("note"), root));
        }
        catch (JsonException ex)
        {
            return ParseResult<PermissionCase>.Fail(Diagnostic.Error(DiagnosticCodes.JsonlLineMalformed, $"malformed case: {ex.Message}", location));
        }
    }

    // Keyed by the case's scalar fields and a hash of the settings' raw UTF-8; a hit is confirmed byte for byte.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Key, int Hash), (byte[] Settings, PermissionContext Context)> Contexts = new();

    private static int HashOf(ReadOnlySpan<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }

    private static PermissionContext? Known(string key, ReadOnlySpan<byte> settings) =>
        Contexts.TryGetValue((key, HashOf(settings)), out var known) && settings.SequenceEqual(known.Settings) ? known.Context : null;

    private static PermissionContext Remember(string key, byte[] settings, PermissionContext context)
    {
        // Bounded: a file of a million distinct configurations must not keep them all.
        if (Contexts.Count > 4096)
        {
            Contexts.Clear();
        }

        Contexts[(key, HashOf(settings))] = (settings, context);
        return context;
    }

    private static List<SettingsDocument> Documents(JsonElement settings, bool hasSettings, string home, string cwd)
    {
        var documents = new List<SettingsDocument>();
        if (hasSettings)
        {
                foreach (var source in settings.EnumerateObject())
                {
                    if (SettingsSourceNames.Parse(source.Name) is not { } tier || source.Value.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    var path = tier switch
                    {
                        SettingsSource.Managed => "/etc/claude-code/managed-settings.json",
                        SettingsSource.Local => cwd + "/.claude/settings.local.json",
                        SettingsSource.Project => cwd + "/.claude/settings.json",
                        SettingsSource.User => home + "/.claude/settings.json",
                        _ => "<--settings>",
                    };
                    documents.Add(SettingsDocument.FromFile(tier, JsonFileReader.Parse(source.Value.GetRawText(), path).Value!));
                }
        }

        return documents;
    }
}
