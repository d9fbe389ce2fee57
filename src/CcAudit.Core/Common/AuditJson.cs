using System.Text.Json;
using System.Text.Json.Serialization;

namespace CcAudit.Core.Common;

/// <summary>
/// The one JSON style of every ccaudit output: camelCase, enums as strings, indented. The default encoder escapes
/// <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c>, so the output is also safe to embed in HTML.
/// </summary>
public static class AuditJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
