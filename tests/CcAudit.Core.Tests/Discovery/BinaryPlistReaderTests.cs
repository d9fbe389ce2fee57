using System.Text.Json.Nodes;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery.Mdm;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Discovery;

/// <summary>
/// Binary plists: the anthropics/claude-code MDM examples converted by CPython's plistlib (TestData/Mdm/PROVENANCE.md) must
/// read exactly as their XML originals; hand-built hostile files must each be one diagnostic, fast.
/// </summary>
public sealed class BinaryPlistReaderTests
{
    private static string Mdm(string name) => TestEnvironment.TestData("Mdm", name);

    [Theory]
    [InlineData("com.anthropic.claudecode.plist", "com.anthropic.claudecode.binary.plist")]
    [InlineData("com.anthropic.claudecode.mobileconfig", "com.anthropic.claudecode.binary.mobileconfig")]
    public void BinaryCopy_ReadsExactlyAsTheXmlOriginal(string xml, string binary)
    {
        var (expected, xmlDiagnostics) = PlistReader.ReadSettings(Mdm(xml));
        var (actual, diagnostics) = PlistReader.ReadSettings(Mdm(binary));

        Assert.Empty(xmlDiagnostics);
        Assert.Empty(diagnostics);
        Assert.NotNull(actual);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{expected?.ToJsonString()} != {actual?.ToJsonString()}");
    }

    [Fact]
    public void EveryValueKind_FromAnIndependentWriter_IsRead()
    {
        var (root, diagnostics) = BinaryPlistReader.Parse(File.ReadAllBytes(Mdm("types.binary.plist")), "types.binary.plist");

        Assert.Empty(diagnostics);
        var o = Assert.IsType<JsonObject>(root);
        Assert.Equal("ünïcødé ✓ policy", (string?)o["text"]);
        Assert.Equal(("plain", 1L << 40, -7L, 200L, 0.25), ((string?)o["ascii"], (long?)o["big"], (long?)o["neg"], (long?)o["small"],
            (double?)o["ratio"]));
        Assert.Equal(("2026-11-30T08:00:00Z", "AAFiaW5hcnk=", false), ((string?)o["when"], (string?)o["blob"], (bool?)o["flag"]));
        Assert.Equal(3L, (long?)o["nested"]!["list"]![2]!["three"]);
        Assert.Equal(new string('x', 40), (string?)o["long"]);
    }

    /// <summary>A bplist00 from objects already encoded, with 1-byte offsets and references.</summary>
    private static byte[] Build(byte[][] objects, int top = 0, int? count = null, int offsetTable = -1, byte offsetSize = 1,
        byte refSize = 1)
    {
        var body = new List<byte>("bplist00"u8.ToArray());
        var offsets = new List<byte>();
        foreach (var o in objects)
        {
            offsets.Add((byte)body.Count);
            body.AddRange(o);
        }

        var table = offsetTable >= 0 ? offsetTable : body.Count;
        body.AddRange(offsets);
        var trailer = new byte[32];
        trailer[6] = offsetSize;
        trailer[7] = refSize;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(trailer.AsSpan(8), (ulong)(count ?? objects.Length));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(trailer.AsSpan(16), (ulong)top);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(trailer.AsSpan(24), (ulong)table);
        body.AddRange(trailer);
        return [.. body];
    }

    public static TheoryData<string, string, byte[]> Hostile()
    {
        var key = new byte[] { 0x51, (byte)'a' };
        var deep = Enumerable.Range(0, 100).Select(i => i < 99 ? new byte[] { 0xA1, (byte)(i + 1) } : new byte[] { 0x09 }).ToArray();

        // Each array holds the next one twice: 2^40 values if shared references were expanded without a limit.
        var bomb = Enumerable.Range(0, 41).Select(i => i < 40 ? new byte[] { 0xA2, (byte)(i + 1),
            (byte)(i + 1) } : new byte[] { 0x09 }).ToArray();
        var data = new TheoryData<string, string, byte[]>
        {
            { "truncated", "too short", "bplist00\u00d1\u0001"u8.ToArray() },
            { "cycle", "contains itself", Build([[0xA1, 0x00]]) },
            { "dict cycle", "contains itself", Build([[0xD1, 0x01, 0x00], key]) },
            { "too deep", "deeper than 64", Build(deep) },
            { "shared-reference bomb", "more than 100000 values", Build(bomb) },
            { "count past the end", "past the object area", Build([[0xAF, 0x10, 0xFF]]) },
            { "string past the end", "past the object area", Build([[0x5F, 0x12, 0x7F, 0xFF]]) },
            { "reference out of range", "outside the 1 objects", Build([[0xA1, 0x07]]) },
            { "top object out of range", "outside the file", Build([[0x09]], top: 5) },
            { "offset table outside", "outside the file", Build([[0x09]], offsetTable: 250) },
            { "object count huge", "outside the file", Build([[0x09]], count: int.MaxValue) },
            { "offset size 0", "not 1 to 8", Build([[0x09]], offsetSize: 0) },
            { "reference size 9", "not 1 to 8", Build([[0x09]], refSize: 9) },
            { "16-byte integer", "2^4 bytes", Build([[0x14, .. new byte[16]]]) },
            { "non-string key", "not a string", Build([[0xD1, 0x01, 0x02], [0x10, 0x01], [0x09]]) },
            { "unknown marker", "unknown marker 0x70", Build([[0x70]]) },
            { "date out of range", "out of range", Build([[0x33, 0x7F, 0xEF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]]) },
            { "root not a dict", "root is not a dict", Build([[0x09]]) },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void HostileBinaryPlists_AreOneDiagnosticEach(string what, string why, byte[] bytes)
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "hostile.plist");
        File.WriteAllBytes(path, bytes);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var (settings, diagnostics) = PlistReader.ReadSettings(path);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), what);
        Assert.Null(settings);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.PolicyFileMalformed, diagnostic.Code);
        Assert.Contains(why, diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherBinaryVersion_NamesTheConversion()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "v1.plist");
        File.WriteAllBytes(path, "bplist15xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"u8.ToArray());

        var (settings, diagnostics) = PlistReader.ReadSettings(path);

        Assert.Null(settings);
        Assert.Contains("plutil -convert xml1", Assert.Single(diagnostics).Message, StringComparison.Ordinal);
    }
}
