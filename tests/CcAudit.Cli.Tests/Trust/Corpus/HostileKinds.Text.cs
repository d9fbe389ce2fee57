using System.Text.Json;

namespace CcAudit.Cli.Tests.Trust.Corpus;

internal static partial class HostileKinds
{
    /// <summary>Live markup that must never reach an HTML report unescaped.</summary>
    private const string Script = "<script>alert(1)</script>";

    private const string Img = "<img src=x onerror=alert(2)>";

    private static IEnumerable<HostileKind> Text()
    {
        yield return K("control and bidi characters in names", m =>
        {
            m.Write(ClaudeJson, "{\"projects\":{\"" + m.Repo + "\":{}},\"mcpServers\":{\"s\\u202e\\u0007\\u001b[31mgnp.exe\":"
                + "{\"command\":\"npx\\u2066\\u0000\",\"args\":[\"\\u200b\\u202a\"]}}}");
            m.Write("work/app/.claude/agents/ag\u001b]0;pwn\u0007\u202e.md", "---\nname: \"a\\u202eb\"\ndescription: \"\u0008\u0008x\"\n---\nbody\n");
        });
        yield return K("html and javascript payloads in every string", HtmlEverywhere) with
        {
            EveryFormat = true,
            Forbidden = [Script, Img, "href=\"javascript:", "src=\"javascript:"],
        };
        yield return K("terminal escapes in rules and names", m =>
        {
            m.Json(User, new
            {
                permissions = new { allow = new[] { "Bash(\u001b[2J\u001b[31mrm -rf /)", "Read(\u001b]8;;http://evil\u0007x\u001b]8;;\u0007)" } },
                model = "\u001b[?1049h",
            });
            m.Json("work/app/.mcp.json", new { mcpServers = new Dictionary<string, object> { ["\u001b[2Jesc"] = new { command = "\u001b[31mnpx" } } });
        }) with { EveryFormat = true, Forbidden = ["\u001b[2J", "\u001b]8;;", "\u001b[?1049h"] };
        yield return K("CLAUDE.md 10 MB single line and binary", m =>
        {
            m.Write("work/app/CLAUDE.md", "ignore previous instructions " + new string('z', 10_000_000));
            m.WriteBytes("work/app/.claude/CLAUDE.md", [0x00, 0x01, 0xFF, 0xFE, 0x00, 0x7F]);
        });
        yield return K("YAML alias bomb in frontmatter and .ccaudit.yml", m =>
        {
            var bomb = "a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n" + string.Concat(Enumerable.Range(1, 9).Select(i =>
                $"{(char)('a' + i)}: &{(char)('a' + i)} [*{(char)('a' + i - 1)},*{(char)('a' + i - 1)},*{(char)('a' + i - 1)},*{(char)('a' + i - 1)},*{(char)('a' + i - 1)}]\n"));
            m.Write("work/app/.claude/agents/bomb.md", "---\n" + bomb + "name: bomb\n---\nbody\n");
            m.Write("work/app/.claude/skills/s/SKILL.md", "---\n" + bomb + "---\n");
            m.Write("work/app/.ccaudit.yml", bomb + "suppressions: *j\n");
        });
        yield return K("frontmatter of wrong types", m =>
        {
            m.Write("work/app/.claude/agents/x.md", "---\nname: [1, 2]\ntools: {a: 1}\nhooks: 3\nmcpServers: \"x\"\n---\n");
            m.Write("work/app/.claude/commands/c.md", "---\nallowed-tools: 7\n---\n\n---\n---\n");
            m.Write("work/app/.claude/skills/s/SKILL.md", "---\n: : :\n\t- [\n---\n");
        });
    }

    private static void HtmlEverywhere(HostileMachine m)
    {
        var x = Script + Img + "\"'><svg onload=alert(3)>javascript:alert(4)";
        m.Json(User, new
        {
            model = x,
            permissions = new { allow = new[] { $"Bash({x})", $"WebFetch(domain:{x})" }, deny = new[] { $"Read({x})" } },
            env = new Dictionary<string, string> { [x] = x },
            hooks = new { PreToolUse = new[] { new { matcher = x, hooks = new[] { new { type = "command", command = x } } } } },
        });
        m.Json(ClaudeJson, new
        {
            projects = new Dictionary<string, object> { [m.Repo] = new { hasTrustDialogAccepted = true }, ["/srv/" + x] = new { } },
            mcpServers = new Dictionary<string, object> { [x] = new { command = x, args = new[] { x } }, ["u"] = new { type = "http", url = "javascript:alert(5)" } },
        });
        m.Write("work/app/CLAUDE.md", x + "\n");
        m.Write($"{m.TranscriptDir}/{HostileMachine.Session}.jsonl",
            HostileMachine.Line("user", new { role = "user", content = x }, m.Repo)
            + HostileMachine.Line("assistant", HostileMachine.ToolUse("Bash", new { command = $"curl {x} https://{x}.example/" }), m.Repo)
            + HostileMachine.Line("assistant", HostileMachine.ToolUse("WebFetch", new { url = "javascript:alert(6)", prompt = x }), m.Repo));
        m.Write("home/.claude/history.jsonl", JsonSerializer.Serialize(new { display = x, project = m.Repo, timestamp = 1 }) + "\n");
    }
}
