using System.Text.Json;

namespace CcAudit.Core.Common;

/// <summary>
/// A parsed JSON config file that remembers where every value stands, so a finding about
/// <c>/permissions/allow/3</c> can name line and column.
/// </summary>
public sealed class JsonFile
{
    private readonly IReadOnlyDictionary<string, (int Line, int Column)> _positions;

    internal JsonFile(string path, JsonElement root, bool isStrict, IReadOnlyDictionary<string, (int Line, int Column)> positions)
    {
        Path = path;
        Root = root;
        IsStrict = isStrict;
        _positions = positions;
    }

    /// <summary>Where the file was read from (after any path mapping).</summary>
    public string Path { get; }

    /// <summary>The document root; independent of any pooled buffer.</summary>
    public JsonElement Root { get; }

    /// <summary>False when the file needed comments, trailing commas or similar leniency to parse.</summary>
    public bool IsStrict { get; }

    /// <summary>
    /// The location of the value at a JSON pointer (RFC 6901). For object members it is the member's key; for
    /// a pointer that is not in the file, the nearest ancestor that is.
    /// </summary>
    public SourceLocation LocationOf(string jsonPointer)
    {
        var pointer = jsonPointer;
        while (true)
        {
            if (_positions.TryGetValue(pointer, out var pos))
            {
                return new SourceLocation(Path, pos.Line, pos.Column, jsonPointer);
            }

            if (pointer.Length == 0)
            {
                return new SourceLocation(Path, 1, 1, jsonPointer);
            }

            pointer = pointer[..pointer.LastIndexOf('/')];
        }
    }

    /// <summary>Escapes one reference token of a JSON pointer.</summary>
    public static string EscapePointerToken(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
