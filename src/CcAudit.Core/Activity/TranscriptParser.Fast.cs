using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text;
using CcAudit.Core.Reach;

namespace CcAudit.Core.Activity;

/// <summary>The fast path of the top-level read: <see cref="JsonScan"/> instead of the reader, same result.</summary>
internal sealed partial class TranscriptParser
{
    private static readonly Dictionary<string, Name>.AlternateLookup<ReadOnlySpan<char>> FieldNames =
        BuildFieldNames().GetAlternateLookup<ReadOnlySpan<char>>();

    private static Dictionary<string, Name> BuildFieldNames()
    {
        var names = new Dictionary<string, Name>(StringComparer.Ordinal);
        foreach (var known in KnownFields)
        {
            names[Encoding.UTF8.GetString(known)] = Name.Other;
        }

        foreach (var (text, name) in new (string, Name)[]
        {
            ("type", Name.Type), ("sessionId", Name.SessionId), ("timestamp", Name.Timestamp), ("cwd", Name.Cwd), ("version", Name.Version),
            ("entrypoint", Name.EntryPoint), ("requestId", Name.RequestId), ("permissionMode", Name.PermissionMode),
            ("toolDenialKind", Name.ToolDenialKind), ("uuid", Name.Uuid), ("trackingPath", Name.TrackingPath), ("isMeta", Name.IsMeta),
            ("isApiErrorMessage", Name.IsApiErrorMessage), ("costUSD", Name.CostUsd), ("totalCostUSD", Name.TotalCostUsd),
            ("message", Name.Message), ("permissionDecision", Name.PermissionDecision),
            ("snapshot", Name.Snapshot), ("attachment", Name.Attachment),
        })
        {
            names[text] = name;
        }

        return names;
    }

    /// <summary>
    /// A user record's message without a document: its tool results (tool_use id, output scanned for secrets in place,
    /// unescaped into a pooled buffer) and whether it is a prompt, exactly as <see cref="User"/> reads them. False, before
    /// anything is recorded, for what that path handles and this does not: a usage object, an escaped or repeated field
    /// name, a <c>\u</c>-escaped surrogate (the document path decides how it decodes), nesting the scanner does not cross.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryUserFast(Record record, ReadOnlyMemory<byte> line, DateTimeOffset? at)
    {
        var message = line.Span.Slice(record.Message.Start, record.Message.Length);
        var content = (Start: -1, End: -1);
        var members = new JsonMembers(message, 0);
        while (members.MoveNext())
        {
            var name = members.Name;
            if (members.NameEscaped || name.SequenceEqual("usage"u8) || name.SequenceEqual("content"u8) && content.Start >= 0)
            {
                return false;
            }

            content = members.Name.SequenceEqual("content"u8) ? (members.ValueStart, members.ValueEnd) : content;
        }

        _blocks.Clear();
        if (members.Failed || content.Start >= 0 && message[content.Start] == (byte)'[' && !CollectBlocks(message, content.Start))
        {
            return false;
        }

        if (content.Start < 0)
        {
            return true;
        }

        var cwd = record.Cwd ?? SessionCwd(record);
        string? tool = null;
        string? toolUseId = null;
        var results = false;
        (DecisionKind? Kind, string? Authority)? decided = null;
        foreach (var block in _blocks)
        {
            if (!block.ToolResult)
            {
                continue;
            }

            results = true;
            toolUseId ??= block.ToolUseId;
            tool = block.ToolUseId is { } useId && _toolNames.TryGetValue(useId, out var n) ? n : tool ?? "(unknown tool)";
            if (block.Output.Start >= 0)
            {
                SecretsFast(message[block.Output.Start..block.Output.End], tool, record);
            }

            if (block.ToolUseId is { } resultId)
            {
                // The raw JSON text is enough for the markers: none holds a character JSON escapes.
                var notRun = block.IsError && block.Output.Start >= 0
                    && IsNotRunText(Encoding.UTF8.GetString(message[block.Output.Start..block.Output.End]));
                var (decision, authority) = decided ??= Decide(record, line);
                _facts.Results.Add(new ToolResultEvent(resultId, _line, block.IsError, notRun, decision, authority));
            }
        }

        if (!results && !record.IsMeta && message[content.Start] is (byte)'"' or (byte)'[')
        {
            _facts.Prompts.Add(new PromptEvent(record.Uuid, record.SessionId, cwd, at));
        }

        if (results && (decided ?? Decide(record, line)).Kind is { } kind)
        {
            _facts.Decisions.Add(new DecisionEvent(record.Uuid, kind, toolUseId, record.SessionId, cwd, at));
        }

        return true;
    }

    /// <summary>The blocks of a content array, checked so that applying them cannot fail half-way.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool CollectBlocks(ReadOnlySpan<byte> message, int start)
    {
        var items = new JsonItems(message, start);
        while (items.MoveNext())
        {
            var block = new Block(false, null, (-1, -1), false);
            if (message[items.ValueStart] == (byte)'{' && !ReadBlock(message, items.ValueStart, ref block))
            {
                return false;
            }

            _blocks.Add(block);
        }

        return !items.Failed;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ReadBlock(ReadOnlySpan<byte> message, int start, ref Block block)
    {
        var seen = 0;
        var members = new JsonMembers(message, start);
        while (members.MoveNext())
        {
            var name = members.Name;
            var bit = name.SequenceEqual("type"u8) ? 1 : name.SequenceEqual("tool_use_id"u8) ? 2 : name.SequenceEqual("content"u8) ? 4
                : name.SequenceEqual("is_error"u8) ? 8 : 0;
            if (members.NameEscaped || (seen & bit) != 0)
            {
                return false;
            }

            seen |= bit;
            var value = members.Value;
            var isString = value[0] == (byte)'"';
            if (bit is 1 or 2 && isString && value.IndexOf((byte)'\\') >= 0)
            {
                return false;
            }

            if (bit == 1)
            {
                block = block with { ToolResult = value.SequenceEqual("\"tool_result\""u8) };
            }
            else if (bit == 2)
            {
                block = block with { ToolUseId = isString ? Encoding.UTF8.GetString(value[1..^1]) : null };
            }
            else if (bit == 8)
            {
                block = block with { IsError = value.SequenceEqual("true"u8) };
            }
            else if (bit == 4)
            {
                block = block with { Output = (members.ValueStart, members.ValueEnd) };
                if (!OutputDecodes(message, members.ValueStart))
                {
                    return false;
                }
            }
        }

        return !members.Failed;
    }

    /// <summary>Whether every text of a tool result's output decodes here (no escaped surrogate; a part's "text" once).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool OutputDecodes(ReadOnlySpan<byte> message, int start)
    {
        if (message[start] == (byte)'"')
        {
            return !HasEscapedSurrogate(message[start..JsonScan.KnownValue(message, start)]);
        }

        if (message[start] != (byte)'[')
        {
            return true;
        }

        var parts = new JsonItems(message, start);
        while (parts.MoveNext())
        {
            if (message[parts.ValueStart] != (byte)'{')
            {
                continue;
            }

            var texts = 0;
            var members = new JsonMembers(message, parts.ValueStart);
            while (members.MoveNext())
            {
                if (members.NameEscaped || members.Name.SequenceEqual("text"u8) && (++texts > 1 || HasEscapedSurrogate(members.Value)))
                {
                    return false;
                }
            }

            if (members.Failed)
            {
                return false;
            }
        }

        return !parts.Failed;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool HasEscapedSurrogate(ReadOnlySpan<byte> value)
    {
        for (var at = value.IndexOf("\\u"u8); at >= 0; at = value.IndexOf("\\u"u8) is var next and >= 0 ? next : -1)
        {
            // \uD800-\uDFFF: a surrogate, the second hex digit 8-F.
            if (at + 3 < value.Length && value[at + 2] is (byte)'d' or (byte)'D'
                && value[at + 3] is (>= (byte)'8' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F'))
            {
                return true;
            }

            value = value[(at + 2)..];
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SecretsFast(ReadOnlySpan<byte> output, string tool, Record record)
    {
        if (output[0] == (byte)'"')
        {
            ScanRaw(output, tool, record);
            return;
        }

        if (output[0] != (byte)'[')
        {
            return;
        }

        var parts = new JsonItems(output, 0);
        while (parts.MoveNext())
        {
            if (output[parts.ValueStart] != (byte)'{')
            {
                continue;
            }

            var members = new JsonMembers(output, parts.ValueStart);
            while (members.MoveNext())
            {
                if (members.Name.SequenceEqual("text"u8) && members.Value[0] == (byte)'"')
                {
                    ScanRaw(members.Value, tool, record);
                }
            }
        }
    }

    /// <summary>Decodes a JSON string (quotes included) into pooled UTF-16 and scans it: the text GetString gives, no string.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScanRaw(ReadOnlySpan<byte> quoted, string tool, Record record)
    {
        var raw = quoted[1..^1];
        byte[]? unescaped = null;
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(16, raw.Length));
        try
        {
            if (raw.IndexOf((byte)'\\') >= 0)
            {
                unescaped = ArrayPool<byte>.Shared.Rent(raw.Length);
                raw = unescaped.AsSpan(0, Unescape(raw, unescaped));
            }

            var length = Encoding.UTF8.GetChars(raw, chars);
            foreach (var hit in SecretScanner.Scan(chars.AsMemory(0, length)))
            {
                _facts.Secrets.Add(new SecretEvent(
                    record.Uuid, hit.Kind.ToString(), hit.Secret.Display, hit.Secret.Fingerprint, tool, record.SessionId));
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            if (unescaped is not null)
            {
                ArrayPool<byte>.Shared.Return(unescaped);
            }
        }
    }

    /// <summary>JSON unescaping of a string checked by <see cref="JsonScan.String"/> and <see cref="HasEscapedSurrogate"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Unescape(ReadOnlySpan<byte> raw, Span<byte> target)
    {
        var written = 0;
        while (true)
        {
            var slash = raw.IndexOf((byte)'\\');
            var plain = slash < 0 ? raw : raw[..slash];
            plain.CopyTo(target[written..]);
            written += plain.Length;
            if (slash < 0)
            {
                return written;
            }

            var escape = raw[slash + 1];
            if (escape == (byte)'u')
            {
                var code = (char)((Hex(raw[slash + 2]) << 12) | (Hex(raw[slash + 3]) << 8)
                    | (Hex(raw[slash + 4]) << 4) | Hex(raw[slash + 5]));
                written += Encoding.UTF8.GetBytes([code], target[written..]);
                raw = raw[(slash + 6)..];
                continue;
            }

            target[written++] = escape switch
            {
                (byte)'b' => (byte)'\b',
                (byte)'f' => (byte)'\f',
                (byte)'n' => (byte)'\n',
                (byte)'r' => (byte)'\r',
                (byte)'t' => (byte)'\t',
                _ => escape,
            };
            raw = raw[(slash + 2)..];
        }
    }

    private static int Hex(byte b) => b <= (byte)'9' ? b - '0' : (b | 0x20) - 'a' + 10;

    /// <summary>One block of a user message's content as <see cref="TryUserFast"/> collected it.</summary>
    private readonly record struct Block(bool ToolResult, string? ToolUseId, (int Start, int End) Output, bool IsError);

    /// <summary>Strings that repeat line after line (session id, cwd, version …) are made once per run of equal bytes.</summary>
    private sealed class StringCache
    {
        private readonly byte[][] _bytes = new byte[(int)Name.Attachment + 1][];
        private readonly string?[] _strings = new string?[(int)Name.Attachment + 1];

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public string Get(Name slot, ReadOnlySpan<byte> raw)
        {
            var i = (int)slot;
            if (_strings[i] is { } known && raw.SequenceEqual(_bytes[i]))
            {
                return known;
            }

            _bytes[i] = raw.ToArray();
            return _strings[i] = Encoding.UTF8.GetString(raw);
        }
    }

    private partial struct Record
    {
        /// <summary>
        /// Reads the top-level fields as <see cref="TryRead"/> does, or returns false when the line is not an object, is
        /// not valid JSON or holds something this path leaves to the reader (an escaped field name, deep nesting); the
        /// caller then runs <see cref="TryRead"/>, which decides (and throws for malformed lines) exactly as before.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static bool TryReadFast(ReadOnlySpan<byte> s, StringCache cache, out Record record)
        {
            record = new Record { CcusageValid = true };
            var i = JsonScan.Whitespace(s, 0);
            if (i >= s.Length || s[i] != (byte)'{')
            {
                return false;
            }

            i = JsonScan.Whitespace(s, i + 1);
            if (i < s.Length && s[i] == (byte)'}')
            {
                return JsonScan.Whitespace(s, i + 1) == s.Length;
            }

            Span<char> name = stackalloc char[64];
            while (i < s.Length && s[i] == (byte)'"')
            {
                var nameEnd = JsonScan.String(s, i, out var escaped);
                var raw = nameEnd < 0 || escaped ? default : s[(i + 1)..(nameEnd - 1)];
                if (nameEnd < 0 || escaped || raw.Length > name.Length
                    || Encoding.UTF8.GetChars(raw, name) is var chars && chars != raw.Length)
                {
                    return false;
                }

                var known = FieldNames.TryGetValue(name[..raw.Length], out var field);
                if (!known)
                {
                    field = Name.Other;
                    record.UnknownField ??= Encoding.UTF8.GetString(raw);
                }

                i = JsonScan.Whitespace(s, nameEnd);
                if (i >= s.Length || s[i] != (byte)':')
                {
                    return false;
                }

                i = JsonScan.Whitespace(s, i + 1);
                var end = JsonScan.Value(s, i, 1);
                if (end < 0 || !record.Assign(field, s[i..end], i, cache))
                {
                    return false;
                }

                i = JsonScan.Whitespace(s, end);
                if (i < s.Length && s[i] == (byte)',')
                {
                    i = JsonScan.Whitespace(s, i + 1);
                    continue;
                }

                return i < s.Length && s[i] == (byte)'}' && JsonScan.Whitespace(s, i + 1) == s.Length;
            }

            return false;
        }

        /// <summary>One field's value, as the reader path's switch sets it; false leaves the line to that path.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private bool Assign(Name field, ReadOnlySpan<byte> value, int start, StringCache cache)
        {
            var isString = value[0] == (byte)'"';
            switch (field)
            {
                case Name.Type or Name.Timestamp or Name.EntryPoint or Name.PermissionMode or Name.ToolDenialKind or Name.Uuid
                    or Name.TrackingPath:
                    if (!TryText(field, value, cache, out var text))
                    {
                        return false;
                    }

                    SetText(field, text);
                    return true;
                case Name.SessionId or Name.Cwd or Name.Version or Name.RequestId:
                    if (!TryText(field, value, cache, out var strict))
                    {
                        return false;
                    }

                    CcusageValid &= strict is not null && (field is Name.Cwd or Name.Version || strict.Length > 0);
                    strict = strict is { Length: > 0 } ? strict : null;
                    SetText(field, strict);
                    if (field == Name.Version)
                    {
                        CcusageValid &= strict is null || IsVersion(strict);
                    }

                    return true;
                case Name.IsMeta:
                    IsMeta = value.SequenceEqual("true"u8);
                    return true;
                case Name.IsApiErrorMessage:
                    CcusageValid &= value.SequenceEqual("true"u8) || value.SequenceEqual("false"u8);
                    return true;
                case Name.CostUsd:
                    var number = !isString && value[0] is (byte)'-' or (>= (byte)'0' and <= (byte)'9');
                    CcusageValid &= number;
                    CostUsd = number ? Double(value) : null;
                    return true;
                case Name.TotalCostUsd:
                    TotalCostUsd = !isString && value[0] is (byte)'-' or (>= (byte)'0' and <= (byte)'9') ? Double(value) : null;
                    return true;
                case Name.Message or Name.PermissionDecision or Name.Snapshot or Name.Attachment:
                    var range = value[0] == (byte)'{' ? new Range(start, value.Length) : default;
                    _ = field switch
                    {
                        Name.Message => Message = range,
                        Name.PermissionDecision => PermissionDecision = range,
                        Name.Snapshot => Snapshot = range,
                        _ => Attachment = range,
                    };
                    return true;
                default:
                    return true;
            }
        }

        private void SetText(Name field, string? text)
        {
            _ = field switch
            {
                Name.Type => Type = text,
                Name.Timestamp => Timestamp = text,
                Name.EntryPoint => EntryPoint = text,
                Name.PermissionMode => PermissionMode = text,
                Name.ToolDenialKind => ToolDenialKind = text,
                Name.Uuid => Uuid = text,
                Name.TrackingPath => TrackingPath = text,
                Name.SessionId => SessionId = text,
                Name.Cwd => Cwd = text,
                Name.Version => Version = text,
                _ => RequestId = text,
            };
        }

        /// <summary>A string value (null for any other kind, as the reader path gives); false when unescaping fails.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool TryText(Name field, ReadOnlySpan<byte> value, StringCache cache, out string? text)
        {
            text = null;
            if (value[0] != (byte)'"')
            {
                return true;
            }

            var raw = value[1..^1];
            if (raw.IndexOf((byte)'\\') < 0)
            {
                // Ids and times differ on every line: caching them would only cost a compare.
                text = field is Name.Uuid or Name.Timestamp or Name.RequestId or Name.TrackingPath
                    ? Encoding.UTF8.GetString(raw)
                    : cache.Get(field, raw);
                return true;
            }

            try
            {
                var reader = new Utf8JsonReader(value);
                reader.Read();
                text = reader.GetString();
                return true;
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                return false;
            }
        }

        private static double Double(ReadOnlySpan<byte> value)
        {
            var reader = new Utf8JsonReader(value);
            reader.Read();
            return reader.GetDouble();
        }
    }
}
