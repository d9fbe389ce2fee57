using CcAudit.Core.Common;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Common;

public sealed class JsonFileReaderTests
{
    [Fact]
    public void Parse_StrictJson_MapsPointersToLineAndColumn()
    {
        var text = "{\n  \"permissions\": {\n    \"allow\": [\n      \"Bash(ls *)\",\n      \"Read(//**)\"\n    ]\n  }\n}\n";

        var result = JsonFileReader.Parse(text, "/x/settings.json");

        Assert.True(result.HasValue);
        Assert.Empty(result.Diagnostics);
        Assert.True(result.Value!.IsStrict);
        var location = result.Value.LocationOf("/permissions/allow/1");
        Assert.Equal(5, location.Line);
        Assert.Equal(7, location.Column);
        Assert.Equal(3, result.Value.LocationOf("/permissions/allow").Line);
    }

    [Fact]
    public void Parse_UnknownPointer_FallsBackToNearestAncestor()
    {
        var result = JsonFileReader.Parse("{\n \"a\": {\"b\": 1}\n}", "f.json");

        var location = result.Value!.LocationOf("/a/missing/deeper");

        Assert.Equal(2, location.Line);
        Assert.Equal("/a/missing/deeper", location.JsonPointer);
    }

    [Fact]
    public void Parse_CommentsAndTrailingCommas_ParsesWithLenientWarning()
    {
        var result = JsonFileReader.Parse("{\n // note\n \"a\": [1,2,],\n}", "f.json");

        Assert.True(result.HasValue);
        Assert.False(result.Value!.IsStrict);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.JsonLenient, diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
    }

    [Fact]
    public void Parse_Malformed_ReturnsErrorWithPosition()
    {
        var result = JsonFileReader.Parse("{\n  \"a\": [1, 2\n", "f.json");

        Assert.False(result.HasValue);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.JsonMalformed, diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.True(diagnostic.Location!.Line >= 2);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t")]
    [InlineData("\uFEFF")]
    public void Parse_Empty_IsWarningNotCrash(string text)
    {
        var result = JsonFileReader.Parse(text, "f.json");

        Assert.False(result.HasValue);
        Assert.Equal(DiagnosticCodes.JsonEmpty, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Read_BomPrefixedFile_ParsesStrict()
    {
        using var dir = new TempDir();
        var path = dir.WriteBytes("s.json", [0xEF, 0xBB, 0xBF, .. "{\"a\":1}"u8.ToArray()]);

        var result = JsonFileReader.Read(path);

        Assert.True(result.HasValue);
        Assert.Equal(1, result.Value!.Root.GetProperty("a").GetInt32());
    }

    [Fact]
    public void Read_BinaryFile_IsErrorDiagnostic()
    {
        using var dir = new TempDir();
        var path = dir.WriteBytes("s.json", [0x7B, 0x00, 0x01, 0x02]);

        var result = JsonFileReader.Read(path);

        Assert.False(result.HasValue);
        Assert.Equal(DiagnosticCodes.FileBinary, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Read_FileOverLimit_IsNotLoaded()
    {
        using var dir = new TempDir();
        var path = dir.Write("s.json", "{\"a\":\"" + new string('x', 5000) + "\"}");

        var result = JsonFileReader.Read(path, maxBytes: 1024);

        Assert.False(result.HasValue);
        Assert.Equal(DiagnosticCodes.FileTooLarge, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Read_SymlinkLoop_IsDiagnostic()
    {
        using var dir = new TempDir();
        File.CreateSymbolicLink(dir.Combine("a.json"), dir.Combine("b.json"));
        File.CreateSymbolicLink(dir.Combine("b.json"), dir.Combine("a.json"));

        var result = JsonFileReader.Read(dir.Combine("a.json"));

        Assert.False(result.HasValue);
        Assert.Equal(DiagnosticCodes.SymlinkLoop, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Read_Missing_IsFileMissing()
    {
        using var dir = new TempDir();

        var result = JsonFileReader.Read(dir.Combine("nope.json"));

        Assert.Equal(DiagnosticCodes.FileMissing, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Read_InvalidUtf8_WarnsAndStillParses()
    {
        using var dir = new TempDir();
        var path = dir.WriteBytes("s.json", [.. "{\"a\":\""u8.ToArray(), 0xC3, 0x28, .. "\"}"u8.ToArray()]);

        var result = JsonFileReader.Read(path);

        Assert.True(result.HasValue);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.FileNotUtf8);
    }

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public bool Parse_NeverThrows_OnArbitraryText(string? text)
    {
        var result = JsonFileReader.Parse(text ?? string.Empty, "fuzz.json");
        return result.HasValue || result.Diagnostics.Count > 0;
    }
}
