using System.Text.Json;
using System.Text.Json.Nodes;

namespace CcAudit.Core.Common;

/// <summary>
/// Mutable JSON from an already-parsed element, as Claude Code's JSON.parse reads it: a repeated key keeps its last value
/// (<see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/> throws on one), and a leniently read file
/// (comments, trailing commas) is never re-parsed strictly.
/// </summary>
public static class JsonNodes
{
    public static JsonNode? From(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ObjectFrom(element),
        JsonValueKind.Array => new JsonArray([.. element.EnumerateArray().Select(From)]),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => JsonValue.Create(element.Clone()),
    };

    /// <summary>The element as an object (last value of a repeated key wins); an element that is not an object gives an empty one.</summary>
    public static JsonObject ObjectFrom(JsonElement element)
    {
        var result = new JsonObject();
        if (element.ValueKind != JsonValueKind.Object)
        {
            return result;
        }

        foreach (var property in element.EnumerateObject())
        {
            result[property.Name] = From(property.Value);
        }

        return result;
    }

    /// <summary>The node's string value, or null when it is not a JSON string (a number, an object, null).</summary>
    public static string? StringOf(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
