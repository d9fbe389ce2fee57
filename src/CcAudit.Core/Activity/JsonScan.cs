using System.Buffers;
using System.Runtime.CompilerServices;

namespace CcAudit.Core.Activity;

/// <summary>
/// A validating JSON value scanner over UTF-8 bytes that finds where a value ends without reading it: strings are
/// crossed with a vectorised search for the next quote, backslash or control byte. <see cref="System.Text.Json.Utf8JsonReader"/>
/// walks a string byte by byte from its first escape on, and tool output is full of <c>\n</c>; this does not.
/// Conservative by contract: it accepts only what the reader (default options, no comments, no trailing commas)
/// accepts, and returns -1 for anything else — including input the reader would accept but this does not handle,
/// such as nesting deeper than <see cref="MaxDepth"/> — so that callers fall back to the reader, which then decides.
/// The input must already be valid UTF-8 (the transcript reader checks every line first).
/// The hot methods here and in the transcript parser are AggressiveOptimization: a one-shot CLI on a busy machine
/// otherwise spends much of a run in tier-0 code waiting for the background tier-1 JIT (perf, docs/benchmarks.md).
/// </summary>
internal static class JsonScan
{
    /// <summary>Below the reader's 512 (TranscriptParser's ReaderOptions): deeper lines take the reader's path.</summary>
    public const int MaxDepth = 500;

    private static readonly SearchValues<byte> Delimiters = SearchValues.Create(",}] \t\r\n"u8);

    public static int Whitespace(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && s[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            i++;
        }

        return i;
    }

    /// <summary>The index after the string that opens at <paramref name="i"/> (a quote), or -1.</summary>
    /// <remarks>
    /// Crosses text to the next quote or backslash (a two-value search, the fastest there is) and checks the whole
    /// string for control bytes once at its end, rather than stopping at a larger set of bytes.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int String(ReadOnlySpan<byte> s, int i, out bool escaped)
    {
        escaped = false;
        var open = i;
        i++;
        while (true)
        {
            var stop = i < s.Length ? s[i..].IndexOfAny((byte)'"', (byte)'\\') : -1;
            if (stop < 0)
            {
                return -1;
            }

            i += stop;
            if (s[i] == (byte)'"')
            {
                return s[(open + 1)..i].IndexOfAnyInRange((byte)0, (byte)0x1F) < 0 ? i + 1 : -1;
            }

            if (i + 1 >= s.Length)
            {
                return -1;
            }

            escaped = true;
            switch (s[i + 1])
            {
                case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                    i += 2;
                    break;
                case (byte)'u' when i + 5 < s.Length && IsHex(s[i + 2]) && IsHex(s[i + 3]) && IsHex(s[i + 4]) && IsHex(s[i + 5]):
                    i += 6;
                    break;
                default:
                    return -1;
            }
        }
    }

    /// <summary>The index after the value starting at <paramref name="i"/>, inside <paramref name="depth"/> containers; or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Value(ReadOnlySpan<byte> s, int i, int depth)
    {
        if (i >= s.Length)
        {
            return -1;
        }

        return s[i] switch
        {
            (byte)'"' => String(s, i, out _),
            (byte)'{' or (byte)'[' => depth >= MaxDepth ? -1 : Container(s, i, depth + 1),
            (byte)'t' => Literal(s, i, "true"u8),
            (byte)'f' => Literal(s, i, "false"u8),
            (byte)'n' => Literal(s, i, "null"u8),
            _ => Number(s, i),
        };
    }

    /// <summary>
    /// The index after a value already known to be valid JSON: a string ends at the first quote not escaped by an odd
    /// run of backslashes (one vectorised search per string however many escapes it holds), containers at their match.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int KnownValue(ReadOnlySpan<byte> s, int i)
    {
        switch (s[i])
        {
            case (byte)'"':
                return KnownString(s, i);
            case (byte)'{' or (byte)'[':
                var depth = 0;
                for (; i < s.Length; i++)
                {
                    var b = s[i];
                    if (b == (byte)'"')
                    {
                        i = KnownString(s, i) - 1;
                    }
                    else if (b is (byte)'{' or (byte)'[')
                    {
                        depth++;
                    }
                    else if (b is (byte)'}' or (byte)']' && --depth == 0)
                    {
                        return i + 1;
                    }
                }

                return -1;
            default:
                var end = s[i..].IndexOfAny(Delimiters);
                return end < 0 ? s.Length : i + end;
        }
    }

    private static int KnownString(ReadOnlySpan<byte> s, int i)
    {
        var from = i + 1;
        while (true)
        {
            var quote = s[from..].IndexOf((byte)'"') + from;
            var slashes = 0;
            while (s[quote - 1 - slashes] == (byte)'\\')
            {
                slashes++;
            }

            if (slashes % 2 == 0)
            {
                return quote + 1;
            }

            from = quote + 1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Container(ReadOnlySpan<byte> s, int i, int depth)
    {
        var isObject = s[i] == (byte)'{';
        var close = isObject ? (byte)'}' : (byte)']';
        i = Whitespace(s, i + 1);
        if (i < s.Length && s[i] == close)
        {
            return i + 1;
        }

        while (true)
        {
            if (isObject)
            {
                if (i >= s.Length || s[i] != (byte)'"' || (i = String(s, i, out _)) < 0)
                {
                    return -1;
                }

                i = Whitespace(s, i);
                if (i >= s.Length || s[i] != (byte)':')
                {
                    return -1;
                }

                i = Whitespace(s, i + 1);
            }

            if ((i = Value(s, i, depth)) < 0)
            {
                return -1;
            }

            i = Whitespace(s, i);
            if (i >= s.Length)
            {
                return -1;
            }

            if (s[i] == close)
            {
                return i + 1;
            }

            if (s[i] != (byte)',')
            {
                return -1;
            }

            i = Whitespace(s, i + 1);
        }
    }

    private static int Literal(ReadOnlySpan<byte> s, int i, ReadOnlySpan<byte> literal) =>
        s[i..].StartsWith(literal) ? i + literal.Length : -1;

    /// <summary>JSON's number grammar; what follows is checked by the container (a delimiter or its end).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Number(ReadOnlySpan<byte> s, int i)
    {
        if (s[i] == (byte)'-')
        {
            i++;
        }

        if (i >= s.Length || !char.IsAsciiDigit((char)s[i]))
        {
            return -1;
        }

        i = s[i] == (byte)'0' ? i + 1 : Digits(s, i);
        if (i < s.Length && s[i] == (byte)'.')
        {
            if (i + 1 >= s.Length || !char.IsAsciiDigit((char)s[i + 1]))
            {
                return -1;
            }

            i = Digits(s, i + 1);
        }

        if (i < s.Length && s[i] is (byte)'e' or (byte)'E')
        {
            i++;
            if (i < s.Length && s[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            if (i >= s.Length || !char.IsAsciiDigit((char)s[i]))
            {
                return -1;
            }

            i = Digits(s, i);
        }

        return i;
    }

    private static int Digits(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && char.IsAsciiDigit((char)s[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);
}

/// <summary>The members of a JSON object already known to be valid (a range a reader or <see cref="JsonScan"/> accepted).</summary>
internal ref struct JsonMembers(ReadOnlySpan<byte> json, int start)
{
    private readonly ReadOnlySpan<byte> _json = json;
    private int _next = start + 1;

    /// <summary>The name's bytes as written (between the quotes, escapes not decoded).</summary>
    public ReadOnlySpan<byte> Name { get; private set; }

    public bool NameEscaped { get; private set; }

    /// <summary>True when iteration stopped at a value the scanner does not cross.</summary>
    public bool Failed { get; private set; }

    public int ValueStart { get; private set; }

    public int ValueEnd { get; private set; }

    public readonly ReadOnlySpan<byte> Value => _json[ValueStart..ValueEnd];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool MoveNext()
    {
        var i = JsonScan.Whitespace(_json, _next);
        if (i >= _json.Length || _json[i] != (byte)'"')
        {
            return false;
        }

        var nameEnd = JsonScan.KnownValue(_json, i);
        Name = _json[(i + 1)..(nameEnd - 1)];
        NameEscaped = Name.IndexOf((byte)'\\') >= 0;
        ValueStart = JsonScan.Whitespace(_json, JsonScan.Whitespace(_json, nameEnd) + 1);
        ValueEnd = JsonScan.KnownValue(_json, ValueStart);
        if (ValueEnd < 0)
        {
            Failed = true;
            return false;
        }

        i = JsonScan.Whitespace(_json, ValueEnd);
        _next = _json[i] == (byte)',' ? i + 1 : _json.Length;
        return true;
    }
}

/// <summary>The items of a JSON array already known to be valid.</summary>
internal ref struct JsonItems(ReadOnlySpan<byte> json, int start)
{
    private readonly ReadOnlySpan<byte> _json = json;
    private int _next = start + 1;

    /// <summary>True when iteration stopped at a value the scanner does not cross.</summary>
    public bool Failed { get; private set; }

    public int ValueStart { get; private set; }

    public int ValueEnd { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool MoveNext()
    {
        var i = JsonScan.Whitespace(_json, _next);
        if (i >= _json.Length || _json[i] == (byte)']')
        {
            return false;
        }

        ValueStart = i;
        ValueEnd = JsonScan.KnownValue(_json, i);
        if (ValueEnd < 0)
        {
            Failed = true;
            return false;
        }

        i = JsonScan.Whitespace(_json, ValueEnd);
        _next = _json[i] == (byte)',' ? i + 1 : _json.Length;
        return true;
    }
}
