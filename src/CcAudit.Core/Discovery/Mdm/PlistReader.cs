using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using CcAudit.Core.Common;

namespace CcAudit.Core.Discovery.Mdm;

/// <summary>
/// Reads Claude Code's macOS managed preferences (domain <c>com.anthropic.claudecode</c>) from a forensic copy: the XML
/// plist of <c>/Library/Managed Preferences/com.anthropic.claudecode.plist</c>, a Custom Settings payload, or a whole
/// <c>.mobileconfig</c> profile (its <c>com.apple.ManagedClient.preferences</c> payload's <c>Forced</c>
/// <c>mcx_preference_settings</c>, or a payload of type <c>com.anthropic.claudecode</c>). Keys are the settings keys, nested
/// dicts are objects. The XML reader resolves no DTD or entity and stops at 64 levels; binary plists (<c>bplist00</c>) are read by
/// <see cref="BinaryPlistReader"/>; another binary version or a signed profile is a diagnostic naming the conversion to run.
/// </summary>
public static class PlistReader
{
    public const string Domain = "com.anthropic.claudecode";
    private const int MaxDepth = 64;

    /// <summary>The settings object the plist or profile delivers, or null with diagnostics.</summary>
    public static (JsonObject? Settings, IReadOnlyList<Diagnostic> Diagnostics) ReadSettings(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var read = SafeFile.ReadBytes(path);
        if (read.Value is not { } bytes)
        {
            return (null, read.Diagnostics);
        }

        var where = new SourceLocation(path);
        var binary = bytes.AsSpan().StartsWith("bplist00"u8);
        if (!binary && bytes.AsSpan().StartsWith("bplist"u8))
        {
            return (null, [Diagnostic.Error(DiagnosticCodes.PolicyFileMalformed,
                "binary plist of a version other than bplist00: convert it with `plutil -convert xml1` and read the copy", where)]);
        }

        if (bytes.Length > 0 && bytes[0] == 0x30)
        {
            return (null, [Diagnostic.Error(DiagnosticCodes.PolicyFileMalformed, "signed (CMS) profile: extract the XML with `security cms -D -i FILE`", where)]);
        }

        var (root, diagnostics) = binary ? BinaryPlistReader.Parse(bytes, path) : Parse(bytes, path);
        if (root is not JsonObject top)
        {
            return (null, root is null ? diagnostics : [.. diagnostics, Diagnostic.Error(DiagnosticCodes.PolicyFileMalformed, "the plist's root is not a dict", where)]);
        }

        return (FromProfile(top) ?? Unwrapped(top), diagnostics);
    }

    /// <summary>The plist as JSON (dict → object, array, string, integer, real, true/false, date as ISO text, data as base64).</summary>
    public static (JsonNode? Root, IReadOnlyList<Diagnostic> Diagnostics) Parse(byte[] bytes, string path)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true,
            MaxCharactersInDocument = SafeFile.DefaultMaxBytes, MaxCharactersFromEntities = 0,
        };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(bytes), settings);
            reader.MoveToContent();
            if (reader.Name != "plist")
            {
                return (null, [Diagnostic.Error(DiagnosticCodes.PolicyFileMalformed, $"not a plist (root element <{reader.Name}>)", new SourceLocation(path))]);
            }

            reader.Read();
            return (Value(reader, 0), []);
        }
        catch (Exception ex) when (ex is XmlException or FormatException or InvalidDataException or OverflowException)
        {
            return (null, [Diagnostic.Error(DiagnosticCodes.PolicyFileMalformed, $"malformed plist: {ex.Message}", new SourceLocation(path))]);
        }
    }

    private static JsonNode? Value(XmlReader reader, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException($"nested deeper than {MaxDepth} levels");
        }

        if (reader.NodeType != XmlNodeType.Element)
        {
            throw new InvalidDataException($"expected a value element, found {reader.NodeType} '{reader.Name}'");
        }

        var name = reader.Name;
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return name switch
            {
                "dict" => new JsonObject(), "array" => new JsonArray(), "string" => JsonValue.Create(string.Empty),
                "true" => JsonValue.Create(true), "false" => JsonValue.Create(false),
                _ => throw new InvalidDataException($"empty <{name}/>"),
            };
        }

        switch (name)
        {
            case "dict":
                return Dict(reader, depth);
            case "array":
                var array = new JsonArray();
                reader.Read();
                while (reader.NodeType != XmlNodeType.EndElement)
                {
                    array.Add(Value(reader, depth + 1));
                }

                reader.Read();
                return array;
            default:
                var text = reader.ReadElementContentAsString();
                return name switch
                {
                    "string" or "date" => JsonValue.Create(text),
                    "integer" => JsonValue.Create(long.Parse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
                    "real" => JsonValue.Create(double.Parse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture)),
                    "data" => JsonValue.Create(Convert.ToBase64String(Convert.FromBase64String(string.Concat(text.Where(c => !char.IsWhiteSpace(c)))))),
                    _ => throw new InvalidDataException($"unknown plist element <{name}>"),
                };
        }
    }

    private static JsonObject Dict(XmlReader reader, int depth)
    {
        var dict = new JsonObject();
        reader.Read();
        while (reader.NodeType != XmlNodeType.EndElement)
        {
            if (reader.Name != "key")
            {
                throw new InvalidDataException($"expected <key> in a dict, found <{reader.Name}>");
            }

            var key = reader.ReadElementContentAsString();
            dict[key] = Value(reader, depth + 1);
        }

        reader.Read();
        return dict;
    }

    /// <summary>The Claude Code settings inside a configuration profile, or null when the plist is not a profile.</summary>
    private static JsonObject? FromProfile(JsonObject top)
    {
        if (top["PayloadContent"] is not JsonArray payloads)
        {
            return null;
        }

        foreach (var payload in payloads.OfType<JsonObject>())
        {
            var type = payload["PayloadType"]?.GetValueKind() == JsonValueKind.String ? payload["PayloadType"]!.GetValue<string>() : null;
            if (type == Domain)
            {
                return Unwrapped(payload);
            }

            if (type == "com.apple.ManagedClient.preferences" && payload["PayloadContent"]?[Domain]?["Forced"] is JsonArray forced
                && forced.OfType<JsonObject>().Select(f => f["mcx_preference_settings"]).OfType<JsonObject>().FirstOrDefault() is { } mcx)
            {
                return (JsonObject)mcx.DeepClone();
            }
        }

        return new JsonObject();
    }

    /// <summary>A settings dict without the profile's own Payload* bookkeeping keys.</summary>
    private static JsonObject Unwrapped(JsonObject dict)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in dict.Where(p => !p.Key.StartsWith("Payload", StringComparison.Ordinal)))
        {
            copy[key] = value?.DeepClone();
        }

        return copy;
    }
}
