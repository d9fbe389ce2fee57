using System.Text.Json;
using System.Text.Json.Serialization;

namespace CcAudit.Core.Common;

/// <summary>
/// The one JSON style of every ccaudit output: camelCase, enums as strings, indented. The default encoder escapes
/// <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c>, so the output is also safe to embed in HTML. Every string value written
/// goes through <see cref="Redaction.Scrub"/>: reports, snapshots, store rows and fleet entries cannot hold a secret
/// whole, whichever code path put it in a string.
/// </summary>
public static class AuditJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new ScrubbedStringConverter() },
    };

    /// <summary>
    /// A copy of <paramref name="value"/> whose every string went through the redactor (a JSON round trip), for the
    /// writers that read the model directly (CSV, XLSX, Markdown, HTML, console).
    /// </summary>
    public static T Scrubbed<T>(T value)
        where T : class =>
        JsonSerializer.Deserialize<T>(JsonSerializer.SerializeToUtf8Bytes(value, Options), Options) ?? value;

    private sealed class ScrubbedStringConverter : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString();

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(ControlText.Neutralize(Redaction.Scrub(value)));
    }
}
