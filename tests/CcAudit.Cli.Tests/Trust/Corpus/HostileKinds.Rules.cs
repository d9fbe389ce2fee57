using System.Text;
using System.Text.Json;

namespace CcAudit.Cli.Tests.Trust.Corpus;

internal static partial class HostileKinds
{
    private const string LineTooLong = "D022";
    private const string LineMalformed = "D020";

    /// <summary>The 1 GB one-line transcript: written in 8 MB blocks, so it costs a second of disk, not of CPU.</summary>
    public const long GiantLineBytes = 1L << 30;

    private static IEnumerable<HostileKind> Rules()
    {
        yield return K("pathological globs", m =>
        {
            var deny = new[]
            {
                "Read(" + string.Concat(Enumerable.Repeat("**/*a", 200)) + ")", "Bash(" + string.Concat(Enumerable.Repeat("* ", 500)) + "x)",
                "WebFetch(domain:" + string.Concat(Enumerable.Repeat("*a", 300)) + "b.com)", "Edit(/**/*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b)",
            };
            m.Json(User, new { permissions = new { deny } });
            m.Json(Project, new { permissions = new { ask = deny } });
        });
        yield return K("100,000 rules", m => m.Write(User, "{\"permissions\":{\"allow\":["
            + string.Join(',', Enumerable.Range(0, 50_000).Select(i => $"\"Bash(c{i}:*)\""))
            + "],\"deny\":[" + string.Join(',', Enumerable.Range(0, 50_000).Select(i => $"\"Read(./d{i}/**)\"")) + "]}}")) with { Heavy = true };
        yield return K("regex metacharacters in rules", m => m.Json(User, new
        {
            permissions = new
            {
                allow = new[] { "Bash(((((((a*)*)*)*)*)*)", "Read([[[[)", "Bash(\\\\\\)", "Bash($(rm -rf /))", "Read(/(?<x>a)+$)", "Bash(.*{1,99999})" },
            },
        }));
        yield return K("malformed rule syntax", m => m.Json(User, new
        {
            permissions = new
            {
                allow = new[] { "Bash(", "()", "Bash())", "Read(\\)", "mcp__", "mcp__*__*", "WebFetch(domain:)", "Bash(:*)", "*", "Bash(**)", "", " ", "Bash(x" },
                deny = new[] { ")", "Read(", "Task(", "Bash(rm -rf /" + new string(')', 50) },
            },
        }));
        yield return K("unicode lookalikes in rules", m => m.Json(User, new
        {
            permissions = new { allow = new[] { "Bash(rm\u00A0-rf:*)", "Ｂａｓｈ(curl:*)", "Bash(cu\u200brl:*)", "Read(./e\u0301nv)", "Bash(\uD800)" } },
        }));
    }

    private static IEnumerable<HostileKind> Transcripts()
    {
        yield return K("1 GB one-line transcript", GiantTranscript, LineTooLong) with { Heavy = true };
        yield return K("transcript giant lines (10 x 3 MB)", m => m.Write($"{m.TranscriptDir}/giant.jsonl", string.Concat(Enumerable.Range(0, 10).Select(i =>
            HostileMachine.Line("assistant", HostileMachine.ToolUse("Bash", new { command = "echo " + new string('y', 3_000_000) }), m.Repo)))));
        yield return K("transcript garbage", m => m.Write($"{m.TranscriptDir}/g.jsonl", "{not json\n{\"type\":\n\u0000\u0001\n[]\n42\n"), LineMalformed);
        yield return K("transcript NUL cwd", m => m.Write($"{m.TranscriptDir}/n.jsonl",
            "{\"type\":\"user\",\"cwd\":\"/a\\u0000b\",\"sessionId\":\"s\",\"message\":{\"role\":\"user\",\"content\":\"x\"}}\n"));
        yield return K("transcript fields of wrong types", m => m.Write($"{m.TranscriptDir}/w.jsonl", string.Join('\n',
            """{"type":"assistant","message":"just a string","cwd":7,"sessionId":[1],"timestamp":12}""",
            """{"type":"assistant","message":{"content":5,"usage":{"input_tokens":"many","output_tokens":-1e308}},"cwd":null}""",
            """{"type":"assistant","message":{"content":[{"type":"tool_use","name":7,"input":[1,2]},{"type":"tool_result","content":{"a":1}},null,3]}}""",
            """{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":1,"content":[{"type":"text","text":9}]}]},"toolUseResult":"x"}""",
            """{"type":{"a":1},"uuid":{},"parentUuid":5,"isSidechain":"yes"}""") + "\n"));
        yield return K("transcript deeply nested and truncated", m => m.Write($"{m.TranscriptDir}/d.jsonl",
            "{\"type\":\"user\",\"message\":" + new string('[', 20_000) + new string(']', 20_000) + "}\n{\"type\":\"user\",\"message\":{\"con"), LineMalformed, "D021");
        yield return K("history and MCP logs of wrong types", m =>
        {
            m.Write("home/.claude/history.jsonl", "{\"project\":42,\"display\":[1]}\n[1]\n\"x\"\n{\"pastedContents\":\"z\"}\n");
            m.Write($"home/.cache/claude-cli-nodejs/{m.Repo.Replace('/', '-')}/mcp-logs-base/x.jsonl", "[1]\n{\"error\":{\"a\":1},\"timestamp\":5}\nnot json\n");
            m.Write("home/.cache/claude-cli-nodejs/x/mcp-logs-/y.txt", "\u0000");
        });
        yield return K("2,000 small transcripts", m =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                m.Write($"{m.TranscriptDir}/s{i}.jsonl", HostileMachine.Line("user", new { role = "user", content = "x" + i }, m.Repo));
            }
        }) with { Heavy = true };
    }

    private static void GiantTranscript(HostileMachine m)
    {
        var path = m.Write($"{m.TranscriptDir}/giant-line.jsonl", string.Empty);
        var head = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { type = "user", cwd = m.Repo, sessionId = "giant" })[..^1] + ",\"message\":{\"content\":\"");
        var block = Encoding.ASCII.GetBytes(new string('y', 8 << 20));
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            stream.Write(head);
            for (var written = (long)head.Length; written < GiantLineBytes; written += block.Length)
            {
                stream.Write(block);
            }

            stream.Write("\"}}\n"u8);
        }

        m.Write($"{m.TranscriptDir}/after.jsonl", HostileMachine.Line("user", new { role = "user", content = "after the giant" }, m.Repo));
    }
}
