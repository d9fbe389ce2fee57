using System.Text;
using System.Text.Json;
using CcAudit.Core.Activity;
using CcAudit.Core.Common;
using CcAudit.Core.Tests.TestSupport;
using static CcAudit.Core.Tests.Activity.TranscriptLines;

namespace CcAudit.Core.Tests.Activity;

/// <summary>
/// The fast paths (<see cref="JsonScan"/> for the top-level fields and user records) against the reader alone
/// (<c>FastPaths = false</c>): the same summary and the same diagnostics on the transcripts the real binary wrote,
/// on a seeded corpus, on hostile lines and on thousands of randomly damaged real lines.
/// </summary>
public sealed class TranscriptFastPathTests : IDisposable
{
    private const string Cwd = "/home/dev/app";
    private const string Session = "5f0c7a3e-1111-4222-8333-944455556666";
    private static readonly DateTime Day = new(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);

    private readonly string _root = Directory.CreateTempSubdirectory("ccaudit-fastpath-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public static TheoryData<string> RealTranscripts() =>
    [
        "TestData/Activity/oracle-session/home/.claude/projects/-home-dev-work-app/16fbf443-96cc-4cd1-b0f7-6eecfd3af038.jsonl",
        "TestData/Discovery/fixture/home/.claude/projects/-tmp-fx-home-work-app/91edfebe-62e2-4bc6-bda7-b9c96b04f45c.jsonl",
    ];

    [Theory]
    [MemberData(nameof(RealTranscripts))]
    public void RealBinaryTranscripts_ReadTheSameBothWays(string relative)
    {
        var file = Path.Combine(AppContext.BaseDirectory, relative);

        var (fast, slow) = ReadBothWays([file]);

        Assert.Equal(slow, fast);
        Assert.Contains("\"ToolCalls\":", fast, StringComparison.Ordinal);
    }

    [Fact]
    public void SeededCorpus_ReadsTheSameBothWays()
    {
        var claude = Path.Combine(_root, ".claude");
        TranscriptCorpus.Write(claude, sessions: 40, seed: 1234);
        var files = Directory.GetFiles(Path.Combine(claude, "projects"), "*.jsonl", SearchOption.AllDirectories);

        var (fast, slow) = ReadBothWays(files);

        Assert.Equal(slow, fast);
    }

    public static TheoryData<string> HostileLines()
    {
        const string Token = "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";
        var good = ToolResult(Session, Cwd, Day, "u-hostile", "toolu_h", $"token {Token}\n", "accept", "config");
        var giantText = string.Concat(Enumerable.Repeat("line with \"quotes\" \\ and tabs\t\n", 150_000)) + "AKIAZ7VRSQ5CNLW2XKTB";
        string With(string find, string replace) => good.Replace(find, replace, StringComparison.Ordinal);
        string Stderr(string value) => With("\"stderr\":\"\"", "\"stderr\":" + value);
        const string Version = "\"version\":\"2.1.328\"";
        return
        [
            good,
            ToolResult(Session, Cwd, Day, "u-giant", "toolu_g", giantText, "accept", "config"),
            good[..^40],                                                                  // truncated
            With(",\"message\"", ",,\"message\""),                                          // empty member
            Stderr("\"\\x\""),                                                             // invalid escape in a skipped value
            Stderr("\"a\u0001b\""),                                                         // raw control byte
            Stderr("01"),                                                                 // leading zero
            Stderr("1."),
            Stderr("-"),
            Stderr("[1,]"),                                                               // trailing comma
            Stderr("tru"),
            Stderr("1e400"),
            Stderr(Nest(499)),
            Stderr(Nest(511)),
            Stderr(Nest(520)),
            With("\"tool_result\",\"content\":\"token", "\"tool_result\",\"content\":[" + Nest(498) + ",\"token"),
            With("\"type\":\"user\"", "\"typ\\u0065\":\"user\""),                              // escaped field name
            With("\"type\":\"tool_result\"", "\"type\":\"tool_resul\\u0074\""),
            With("token ghp_", "\\ud83d\\ude00 \\ud800 token ghp_"),                           // escaped surrogates
            With("token ghp_", "\\u001b[31m\\u00e9\\/ token ghp_"),
            With("\"role\":\"user\"", "\"role\":\"user\",\"content\":\"dup\""),
            With("\"role\":\"user\"", "\"role\":\"user\",\"usage\":{\"input_tokens\":1,\"output_tokens\":2}"),
            With("\"sessionId\":", "\"sessionId\":\"\",\"sessionId\":"),
            With(Version, "\"version\":\"2.1\\u002e328\",\"costUSD\":\"1\",\"isApiErrorMessage\":1"),
            With(Version, Version + ",\"totalCostUSD\":1.5e-3,\"isMeta\":true,\"brandNew\":{}"),
            good + " x",                                                                  // trailing garbage
            good + " \t",
            "  " + good,
            "[1,2]",
            "\"just a string\"",
            "{}",
            "{\"type\":\"user\"",
            "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                + "\"content\":[{\"text\":\"a\",\"text\":\"b\"}]}]}}",
            "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[1,\"x\",{\"type\":\"tool_result\",\"tool_use_id\":7,"
                + "\"content\":[{\"type\":\"text\",\"text\":\"AKIAZ7VRSQ5CNLW2XKTB\"},3]}]}}",
            Prompt(Session, Cwd, Day, "p-1", "ünïcödé prompt — 日本語 \\ \" \n"),
        ];
    }

    [Theory]
    [MemberData(nameof(HostileLines))]
    public void HostileLine_ReadsTheSameBothWays(string hostile)
    {
        var file = Path.Combine(_root, "hostile.jsonl");
        var end = Prompt(Session, Cwd, Day.AddMinutes(1), "p-2", "end");
        File.WriteAllText(file, string.Join('\n', Prompt(Session, Cwd, Day, "p-0", "start"), hostile, end) + "\n");

        var (fast, slow) = ReadBothWays([file]);

        Assert.Equal(slow, fast);
    }

    [Fact]
    public void InvalidUtf8AndOversizedLines_ReadTheSameBothWays()
    {
        var file = Path.Combine(_root, "bytes.jsonl");
        var line = Encoding.UTF8.GetBytes(ToolResult(Session, Cwd, Day, "u-8", "toolu_8", 
            "caf\u00e9 AKIAZ7VRSQ5CNLW2XKTB", "accept", "config"));
        var broken = line.ToArray();
        broken[broken.AsSpan().IndexOf("caf"u8) + 1] = 0xFF;
        var big = new string('a', 3 << 20);
        var oversized = Encoding.UTF8.GetBytes(ToolResult(Session, Cwd, Day, "u-big", "toolu_big", big, "accept", "config"));
        File.WriteAllBytes(file, [.. line, (byte)'\n', .. broken, (byte)'\n', .. oversized, (byte)'\n', .. line[..^5]]);

        var (fast, slow) = ReadBothWays([file], new ActivityOptions { MaxLineBytes = 2 << 20 });

        Assert.Equal(slow, fast);
        Assert.Contains(DiagnosticCodes.JsonlLineTooLong, fast, StringComparison.Ordinal);
        Assert.Contains(DiagnosticCodes.FileNotUtf8, fast, StringComparison.Ordinal);
    }

    /// <summary>Every real line, damaged at random (a byte changed, dropped or doubled), reads the same both ways.</summary>
    [Fact]
    public void RandomlyDamagedRealLines_ReadTheSameBothWays()
    {
        var lines = RealTranscripts().SelectMany(t => File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, t.Data))).ToList();
        var random = new Random(20261204);
        var damaged = new List<string>();
        const string Bytes = "\"\\{}[],:0-.eE tu\u0001x";
        for (var i = 0; i < 4000; i++)
        {
            var chars = lines[random.Next(lines.Count)].ToCharArray().ToList();
            for (var cuts = 1 + random.Next(3); cuts > 0; cuts--)
            {
                var at = random.Next(chars.Count);
                switch (random.Next(3))
                {
                    case 0: chars[at] = Bytes[random.Next(Bytes.Length)]; break;
                    case 1: chars.RemoveAt(at); break;
                    default: chars.Insert(at, chars[at]); break;
                }
            }

            damaged.Add(new string([.. chars]).Replace('\n', ' '));
        }

        var file = Path.Combine(_root, "damaged.jsonl");
        File.WriteAllLines(file, damaged);

        var (fast, slow) = ReadBothWays([file]);

        Assert.Equal(slow, fast);
        Assert.Contains(DiagnosticCodes.JsonlLineMalformed, fast, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"a\\nb\"")]
    [InlineData("{\"a\":[1,-2.5e+3,true,false,null,{}],\"b\":\"\\u00e9\"}")]
    [InlineData("[]")]
    [InlineData("0")]
    [InlineData("-0.0E-0")]
    [InlineData("\"\\/\\b\\f\\r\\t\\\\\\\"\"")]
    public void JsonScan_EndsValidValuesWhereTheReaderDoes(string json)
    {
        var bytes = Encoding.UTF8.GetBytes($"[{json}]");
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        reader.Skip();

        Assert.Equal((int)reader.BytesConsumed, JsonScan.Value(bytes, 0, 0));
        Assert.Equal(bytes.Length, JsonScan.KnownValue(bytes, 0));
    }

    [Theory]
    [InlineData("\"a\\qb\"")]
    [InlineData("\"a\u0001\"")]
    [InlineData("\"\\u12g4\"")]
    [InlineData("\"open")]
    [InlineData("{\"a\" 1}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("1,")]
    [InlineData("[1 2]")]
    [InlineData("nul")]
    [InlineData("+1")]
    [InlineData("1e")]
    [InlineData(".5")]
    [InlineData("01")]
    public void JsonScan_RejectsWhatTheReaderRejects(string json)
    {
        var bytes = Encoding.UTF8.GetBytes($"[{json}]");

        Assert.Equal(-1, JsonScan.Value(bytes, 0, 0));
        Assert.ThrowsAny<JsonException>(() =>
        {
            var reader = new Utf8JsonReader(bytes);
            reader.Read();
            reader.Skip();
        });
    }

    private static string Nest(int depth) => new string('[', depth) + new string(']', depth);

    /// <summary>The summary and diagnostics of both paths, serialised for comparison.</summary>
    private static (string Fast, string Slow) ReadBothWays(IReadOnlyList<string> files, ActivityOptions? options = null)
    {
        options ??= ActivityOptions.All;
        return (Read(files, options), Read(files, options with { FastPaths = false }));
    }

    private static string Read(IReadOnlyList<string> files, ActivityOptions options)
    {
        var diagnostics = new List<Diagnostic>();
        var summary = ActivityReader.ReadFiles(files, diagnostics, options);
        return JsonSerializer.Serialize(summary) + "\n" + string.Join('\n', diagnostics.Select(d => $"{d.Code} {d.Location} {d.Message}"));
    }
}
