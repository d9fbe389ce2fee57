using System.Text;
using System.Text.Json;

namespace CcAudit.Core.Common;

/// <summary>Tolerant JSON reading for config files: never throws on bad input.</summary>
public static class JsonFileReader
{
    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = 256 };

    private static readonly JsonDocumentOptions Lenient = new()
    {
        MaxDepth = 256,
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Reads and parses a JSON file with the size, binary and encoding checks of <see cref="SafeFile"/>.</summary>
    public static ParseResult<JsonFile> Read(string path, long maxBytes = SafeFile.DefaultMaxBytes)
    {
        var text = SafeFile.ReadText(path, maxBytes);
        if (text.Value is null)
        {
            return new ParseResult<JsonFile>(null, text.Diagnostics);
        }

        var parsed = Parse(text.Value, path);
        return new ParseResult<JsonFile>(parsed.Value, [.. text.Diagnostics, .. parsed.Diagnostics]);
    }

    /// <summary>Parses JSON text that came from <paramref name="path"/>.</summary>
    public static ParseResult<JsonFile> Parse(string text, string path)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return ParseResult<JsonFile>.Fail(Diagnostic.Warning(DiagnosticCodes.JsonEmpty, "file is empty; it holds no settings", new SourceLocation(path)));
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        var diagnostics = new List<Diagnostic>();
        JsonElement root;
        var strict = true;
        try
        {
            using var doc = JsonDocument.Parse(bytes, Strict);
            root = doc.RootElement.Clone();
        }
        catch (JsonException strictError)
        {
            try
            {
                using var doc = JsonDocument.Parse(bytes, Lenient);
                root = doc.RootElement.Clone();
                strict = false;
                diagnostics.Add(Diagnostic.Warning(
                    DiagnosticCodes.JsonLenient,
                    "file uses comments or trailing commas; Claude Code parses strict JSON and may ignore the whole file",
                    new SourceLocation(path, (int)(strictError.LineNumber ?? 0) + 1, (int)(strictError.BytePositionInLine ?? 0) + 1)));
            }
            catch (JsonException error)
            {
                return ParseResult<JsonFile>.Fail(Diagnostic.Error(
                    DiagnosticCodes.JsonMalformed,
                    $"malformed JSON: {FirstSentence(error.Message)}",
                    new SourceLocation(path, (int)(error.LineNumber ?? 0) + 1, (int)(error.BytePositionInLine ?? 0) + 1)));
            }
        }

        return ParseResult<JsonFile>.Ok(new JsonFile(path, root, strict, MapPositions(bytes)), diagnostics);
    }

    private static string FirstSentence(string message)
    {
        foreach (var marker in new[] { " Path:", " LineNumber:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }

        return message.TrimEnd(' ', '|');
    }

    private static Dictionary<string, (int Line, int Column)> MapPositions(byte[] bytes)
    {
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        var positions = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        var containers = new Stack<Frame>();
        string? pendingKey = null;
        long pendingKeyOffset = 0;

        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    pendingKey = reader.GetString();
                    pendingKeyOffset = reader.TokenStartIndex;
                    continue;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    containers.Pop();
                    continue;
            }

            string pointer;
            long offset;
            if (containers.Count == 0)
            {
                pointer = string.Empty;
                offset = reader.TokenStartIndex;
            }
            else
            {
                var parent = containers.Peek();
                if (parent.IsArray)
                {
                    pointer = parent.Pointer + "/" + parent.NextIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    parent.NextIndex++;
                    offset = reader.TokenStartIndex;
                }
                else
                {
                    pointer = parent.Pointer + "/" + JsonFile.EscapePointerToken(pendingKey ?? string.Empty);
                    offset = pendingKeyOffset;
                }
            }

            positions[pointer] = ToLineColumn(bytes, lineStarts, offset);
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                containers.Push(new Frame(pointer, reader.TokenType == JsonTokenType.StartArray));
            }
        }

        return positions;
    }

    private static (int, int) ToLineColumn(byte[] bytes, List<int> lineStarts, long offset)
    {
        var index = lineStarts.BinarySearch((int)offset);
        var line = index >= 0 ? index : ~index - 1;
        var start = lineStarts[line];
        var column = Encoding.UTF8.GetCharCount(bytes, start, (int)offset - start) + 1;
        return (line + 1, column);
    }

    private sealed class Frame(string pointer, bool isArray)
    {
        public string Pointer { get; } = pointer;

        public bool IsArray { get; } = isArray;

        public int NextIndex { get; set; }
    }
}
