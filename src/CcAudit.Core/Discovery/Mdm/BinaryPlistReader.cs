using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CcAudit.Core.Common;

namespace CcAudit.Core.Discovery.Mdm;

/// <summary>
/// A bounded reader of binary property lists (<c>bplist00</c>), the form <c>/Library/Managed Preferences</c> holds on a
/// Mac: header, objects, offset table and the 32-byte trailer. Every offset, size and count is checked against the
/// file before it is used; nesting stops at 64 levels, a reference cycle is refused, and at most
/// <see cref="MaxNodes"/> values are produced (shared references cannot blow up). Bad input is a diagnostic, never a crash.
/// </summary>
public static class BinaryPlistReader
{
    /// <summary>Values produced per file: far above any managed-preferences plist, far below what memory allows.</summary>
    public const int MaxNodes = 100_000;

    private const int MaxDepth = 64;
    private const int TrailerSize = 32;
    private static readonly DateTime Epoch = new(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The plist as JSON (dict → object, array and set → array, string, integer, real, bool, date as ISO text, data as base64, UID
    /// as integer).</summary>
    public static (JsonNode? Root, IReadOnlyList<Diagnostic> Diagnostics) Parse(byte[] bytes, string path)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            return (new Reader(bytes).Read(), []);
        }
        catch (InvalidDataException ex)
        {
            return (null, [Diagnostic.Error(DiagnosticCodes.PolicyFileMalformed, $"malformed binary plist: {ex.Message}",
                new SourceLocation(path))]);
        }
    }

    private sealed class Reader(byte[] bytes)
    {
        private readonly HashSet<long> _open = [];
        private int _offsetSize;
        private int _refSize;
        private long _objects;
        private long _table;
        private int _nodes;

        public JsonNode? Read()
        {
            if (bytes.Length < 8 + TrailerSize || !bytes.AsSpan().StartsWith("bplist00"u8))
            {
                throw new InvalidDataException("too short for a bplist00 header and trailer");
            }

            var trailer = bytes.AsSpan(bytes.Length - TrailerSize);
            _offsetSize = trailer[6];
            _refSize = trailer[7];
            _objects = Checked(BinaryPrimitives.ReadUInt64BigEndian(trailer[8..]), "object count");
            var top = Checked(BinaryPrimitives.ReadUInt64BigEndian(trailer[16..]), "top object");
            _table = Checked(BinaryPrimitives.ReadUInt64BigEndian(trailer[24..]), "offset table offset");
            if (_offsetSize is < 1 or > 8 || _refSize is < 1 or > 8)
            {
                throw new InvalidDataException($"offset size {_offsetSize} or reference size {_refSize} is not 1 to 8 bytes");
            }

            if (_table < 8 || _objects == 0 || _table + (_objects * _offsetSize) > bytes.Length - TrailerSize || top >= _objects)
            {
                throw new InvalidDataException("the trailer's offset table, object count or top object lies outside the file");
            }

            return Object(top, 0);
        }

        private static long Checked(ulong value, string what) =>
            value <= int.MaxValue ? (long)value : throw new InvalidDataException($"{what} {value} is out of range");

        private long Offset(long reference)
        {
            if (reference < 0 || reference >= _objects)
            {
                throw new InvalidDataException($"object reference {reference} is outside the {_objects} objects");
            }

            var offset = (long)Unsigned(_table + (reference * _offsetSize), _offsetSize);
            return offset >= 8
                && offset < _table ? offset
                : throw new InvalidDataException($"object {reference} starts at {offset}, outside the object area");
        }

        private ulong Unsigned(long at, int size)
        {
            if (at < 0 || at + size > bytes.Length)
            {
                throw new InvalidDataException($"{size}-byte value at {at} runs past the end");
            }

            ulong value = 0;
            for (var i = 0; i < size; i++)
            {
                value = (value << 8) | bytes[at + i];
            }

            return value;
        }

        private JsonNode? Object(long reference, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new InvalidDataException($"nested deeper than {MaxDepth} levels");
            }

            if (++_nodes > MaxNodes)
            {
                throw new InvalidDataException($"more than {MaxNodes} values (shared references expand past the limit)");
            }

            var at = Offset(reference);
            var marker = bytes[at];
            var (kind, info) = (marker >> 4, marker & 0x0F);
            switch (kind)
            {
                case 0x0:
                    return info switch
                    {
                        0x0 => null, 0x8 => JsonValue.Create(false), 0x9 => JsonValue.Create(true),
                        _ => throw new InvalidDataException($"unknown marker 0x{marker:x2} at {at}"),
                    };
                case 0x1:
                    return JsonValue.Create(Integer(at, info));
                case 0x2:
                    var real = Real(at, info);
                    return double.IsFinite(real) ? JsonValue.Create(real)
                        : throw new InvalidDataException($"real at {at} is not a finite number");
                case 0x3 when info == 0x3:
                    var seconds = BitConverter.Int64BitsToDouble((long)Unsigned(at + 1, 8));
                    return double.IsFinite(seconds) && Math.Abs(seconds) < 6e10
                        ? JsonValue.Create(Epoch.AddSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
                        : throw new InvalidDataException($"date at {at} is out of range");
                case 0x4:
                    var (dataStart, dataLength) = Length(at, info, 1);
                    return JsonValue.Create(Convert.ToBase64String(bytes, (int)dataStart, (int)dataLength));
                case 0x5:
                    var (asciiStart, asciiLength) = Length(at, info, 1);
                    return JsonValue.Create(Encoding.ASCII.GetString(bytes, (int)asciiStart, (int)asciiLength));
                case 0x6:
                    var (textStart, chars) = Length(at, info, 2);
                    return JsonValue.Create(Encoding.BigEndianUnicode.GetString(bytes, (int)textStart, (int)chars * 2));
                case 0x8:
                    return JsonValue.Create((long)Unsigned(at + 1, info + 1));
                case 0xA or 0xC:
                    return Collection(reference, at, info, depth);
                case 0xD:
                    return Dict(reference, at, info, depth);
                default:
                    throw new InvalidDataException($"unknown marker 0x{marker:x2} at {at}");
            }
        }

        private long Integer(long at, int info)
        {
            if (info > 3)
            {
                throw new InvalidDataException($"integer of 2^{info} bytes at {at} is not supported");
            }

            // 1, 2 and 4-byte integers are unsigned; an 8-byte one is signed, which the cast keeps.
            return (long)Unsigned(at + 1, 1 << info);
        }

        private double Real(long at, int info) => info switch
        {
            2 => BitConverter.Int32BitsToSingle((int)Unsigned(at + 1, 4)),
            3 => BitConverter.Int64BitsToDouble((long)Unsigned(at + 1, 8)),
            _ => throw new InvalidDataException($"real of 2^{info} bytes at {at}"),
        };

        /// <summary>Where a sized object's payload starts and how many units it holds; a 0xF length is an integer object that
        /// follows.</summary>
        private (long Start, long Count) Length(long at, int info, int unit)
        {
            long start = at + 1, count = info;
            if (info == 0xF)
            {
                if (at + 1 >= bytes.Length || bytes[at + 1] >> 4 != 0x1)
                {
                    throw new InvalidDataException($"length at {at + 1} is not an integer");
                }

                count = Integer(at + 1, bytes[at + 1] & 0x0F);
                start = at + 2 + (1L << (bytes[at + 1] & 0x0F));
            }

            if (count < 0 || start + (count * unit) > _table)
            {
                throw new InvalidDataException($"object at {at} claims {count} entries, past the object area");
            }

            return (start, count);
        }

        private JsonArray Collection(long reference, long at, int info, int depth)
        {
            var (start, count) = Length(at, info, _refSize);
            Enter(reference);
            var array = new JsonArray();
            for (var i = 0; i < count; i++)
            {
                array.Add(Object((long)Unsigned(start + (i * _refSize), _refSize), depth + 1));
            }

            _open.Remove(reference);
            return array;
        }

        private JsonObject Dict(long reference, long at, int info, int depth)
        {
            var (start, count) = Length(at, info, _refSize * 2);
            Enter(reference);
            var dict = new JsonObject();
            for (var i = 0; i < count; i++)
            {
                var key = Object((long)Unsigned(start + (i * _refSize), _refSize), depth + 1);
                if (key is not JsonValue k || !k.TryGetValue<string>(out var name))
                {
                    throw new InvalidDataException($"dict at {at} has a key that is not a string");
                }

                dict[name] = Object((long)Unsigned(start + ((count + i) * _refSize), _refSize), depth + 1);
            }

            _open.Remove(reference);
            return dict;
        }

        private void Enter(long reference)
        {
            if (!_open.Add(reference))
            {
                throw new InvalidDataException($"object {reference} contains itself");
            }
        }
    }
}
