using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Rules.Catalog;

/// <summary>Small readers the catalog's rules share: values of one settings document, env entries, rule shapes.</summary>
internal static class RuleFacts
{
    public static (SettingsSource, string) User(string json) => (SettingsSource.User, json);

    public static (SettingsSource, string) Project(string json) => (SettingsSource.Project, json);

    public static (SettingsSource, string) Local(string json) => (SettingsSource.Local, json);

    public static (SettingsSource, string) Managed(string json) => (SettingsSource.Managed, json);

    /// <summary>The value at a dotted path in one document, with its JSON pointer.</summary>
    public static (JsonElement Value, string Pointer)? At(SettingsDocument document, string dottedPath)
    {
        var node = document.Root;
        var pointer = string.Empty;
        foreach (var part in dottedPath.Split('.'))
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(part, out node))
            {
                return null;
            }

            pointer += "/" + JsonFile.EscapePointerToken(part);
        }

        return (node, pointer);
    }

    public static string? StringAt(SettingsDocument document, string dottedPath) =>
        At(document, dottedPath) is { Value.ValueKind: JsonValueKind.String } v ? v.Value.GetString() : null;

    public static bool IsTrue(SettingsDocument document, string dottedPath) =>
        At(document, dottedPath) is { Value.ValueKind: JsonValueKind.True };

    /// <summary>The string entries of a document's <c>env</c> block with their pointers.</summary>
    public static IEnumerable<(string Name, string Value, string Pointer)> Env(SettingsDocument document)
    {
        if (At(document, "env") is not { Value.ValueKind: JsonValueKind.Object } env)
        {
            yield break;
        }

        foreach (var property in env.Value.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                yield return (property.Name, property.Value.GetString()!, env.Pointer + "/" + JsonFile.EscapePointerToken(property.Name));
            }
        }
    }

    /// <summary>Project-controlled tiers: what a cloned repository brings.</summary>
    public static bool IsProjectScope(SettingsSource source) => source is SettingsSource.Project;

    public static string Tier(SettingsSource source) => source.ShortName();
}
