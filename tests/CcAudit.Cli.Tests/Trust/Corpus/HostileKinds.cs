using System.Text;

namespace CcAudit.Cli.Tests.Trust.Corpus;

/// <summary>
/// The hostile-input corpus of issue 13, generated at test time (nothing large is committed). Each kind starts from the
/// base machine and breaks one thing; groups: malformed JSON and encodings, wrong types, files that are not files,
/// text that attacks a renderer, pathological rules, transcripts, secrets, stores.
/// </summary>
internal static partial class HostileKinds
{
    private const string User = "home/.claude/settings.json";
    private const string ClaudeJson = "home/.claude.json";
    private const string Project = "work/app/.claude/settings.json";
    private const string Local = "work/app/.claude/settings.local.json";
    private const string Managed = "managed/managed-settings.json";
    private const string Malformed = "D010";
    private const string WrongType = "D013";
    private const string NotUtf8 = "D005";

    public static IReadOnlyList<HostileKind> All { get; } = [.. Json(), .. Types(), .. Files(), .. Text(), .. Rules(), .. Transcripts(), .. Secrets(), .. Stores()];

    private static IEnumerable<HostileKind> Json()
    {
        yield return K("truncated json", m => m.Write(User, "{\"permissions\":{\"allow\":[\"Bash(ls)"), Malformed);
        yield return K("deeply nested arrays", m => m.Write(User, new string('[', 100_000) + new string(']', 100_000)), Malformed);
        yield return K("deeply nested objects in .claude.json",
            m => m.Write(ClaudeJson, string.Concat(Enumerable.Repeat("{\"a\":", 50_000)) + "1" + new string('}', 50_000)), Malformed);
        yield return K("huge json string", m => m.Write(User, "{\"model\":\"" + new string('x', 8_000_000) + "\"}"));
        yield return K("huge .claude.json (3,000 recorded projects)", HugeClaudeJson) with { Heavy = true };
        yield return K("bom", m => m.WriteBytes(User, [0xEF, 0xBB, 0xBF, .. Utf8("""{"permissions":{"allow":["Bash(ls)"]}}""")]));
        yield return K("utf-16 le", m => m.WriteBytes(User, [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("""{"model":"opus"}""")]), NotUtf8, Malformed, "D004");
        yield return K("utf-16 be .claude.json",
            m => m.WriteBytes(ClaudeJson, Encoding.BigEndianUnicode.GetBytes("""{"projects":{}}""")), NotUtf8, Malformed, "D004");
        yield return K("nul bytes", m => m.Write(User, "{\"model\":\"op\0us\",\0\"permissions\":{}}"), "D004", NotUtf8, Malformed);
        yield return K("invalid utf-8", m => m.WriteBytes(User, [.. Utf8("{\"model\":\""), 0xC3, 0x28, 0xFF, 0xFE, .. Utf8("\"}")]), NotUtf8, Malformed);
        yield return K("empty files", m =>
        {
            m.Write(User, string.Empty);
            m.Write(ClaudeJson, string.Empty);
            m.Write(Project, string.Empty);
        }, "D012");
        yield return K("json null and scalars", m =>
        {
            m.Write(User, "null");
            m.Write(Project, "42");
            m.Write(Managed, "\"managed\"");
        }, WrongType, "D012");
        yield return K("duplicate keys", m => m.Write(User, """{"permissions":{"allow":["Bash(rm:*)"]},"permissions":"none","model":1,"model":"x"}"""));
        yield return K("comments and trailing commas", m => m.Write(User, "// c\n{\"permissions\":{\"allow\":[\"Bash(ls)\",],},/* x */}"), "D011", Malformed);
        yield return K("number overflow", m => m.Write(User,
            """{"cleanupPeriodDays":1e999999,"model":123456789012345678901234567890,"permissions":{"allow":[],"defaultMode":-0.0}}"""));
    }

    private static IEnumerable<HostileKind> Types()
    {
        yield return K("permissions as a string", m => m.Write(User, """{"permissions":"allow everything"}"""), WrongType);
        yield return K("allow as an object", m => m.Write(User, """{"permissions":{"allow":{"Bash":true},"deny":"Read"}}"""), WrongType);
        yield return K("rules as numbers", m => m.Write(User, """{"permissions":{"allow":[1,2.5,3],"deny":[null,true],"ask":[[],{}]}}"""), WrongType);
        yield return K("hooks as strings", m => m.Write(User, """{"hooks":"rm -rf /"}"""), WrongType);
        yield return K("hooks with wrong inner types", m => m.Write(User,
            """{"hooks":{"PreToolUse":[{"matcher":5,"hooks":"x"},{"hooks":[{"type":7,"command":["a"]},"s",null]}],"Stop":{"a":1},"X":3}}"""), WrongType);
        yield return K("env of wrong types", m =>
        {
            m.Write(User, """{"env":["A=1"]}""");
            m.Write(Project, """{"env":{"A":{"x":1},"B":[1],"C":null,"D":true,"E":1.5}}""");
        }, WrongType);
        yield return K("non-object .claude.json", m => m.Write(ClaudeJson, """["not","an","object"]"""), WrongType);
        yield return K(".claude.json scalar", m => m.Write(ClaudeJson, "\"x\""), WrongType);
        yield return K(".claude.json projects and servers wrong", m => m.Write(ClaudeJson, """{"projects":[1,2],"mcpServers":"x","primaryApiKey":7}"""), WrongType);
        yield return K("mcp server fields of wrong types", m => m.Write(ClaudeJson,
            """{"mcpServers":{"s":{"command":42,"args":"--token x","env":[1],"type":9,"url":{},"headers":"h"}}}"""), WrongType);
        yield return K("mcp servers as strings and null", m => m.Write(ClaudeJson, """{"mcpServers":{"a":"npx x","b":null,"c":[1]}}"""), WrongType);
        yield return K("project .mcp.json wrong types", m => m.Write("work/app/.mcp.json", """{"mcpServers":[1,2]}"""), WrongType);
        yield return K("directories, modes and plugins of wrong types", m => m.Write(User,
            """{"permissions":{"additionalDirectories":{"a":1},"defaultMode":42},"enabledPlugins":["x"],"sandbox":"on","statusLine":3}"""),
            WrongType);
        yield return K("managed settings of wrong types",
            m => m.Write(Managed, """{"permissions":"deny all","allowManagedHooksOnly":"yes","env":"x"}"""), WrongType);
        yield return K("local settings an array", m => m.Write(Local, "[]"), WrongType);
        yield return K("plugin files garbage", m =>
        {
            m.Write("home/.claude/plugins/installed_plugins.json", "[1,");
            m.Write("home/.claude/plugins/known_marketplaces.json", """{"m":"x","n":{"source":7}}""");
            m.Write("home/.claude/plugins/marketplaces/m/.claude-plugin/marketplace.json", "{\"plugins\":\"all\"}");
            m.Write("home/.claude/plugins/cache/m/p/1.0/hooks/hooks.json", """{"hooks":[1]}""");
            m.Write(User, """{"enabledPlugins":{"p@m":"yes","../../etc@x":true,"":false}}""");
        }, Malformed, WrongType);
    }

    private static void HugeClaudeJson(HostileMachine m)
    {
        var projects = Enumerable.Range(0, 3_000).ToDictionary(i => $"/srv/gone/p{i}", i => (object)new { allowedTools = new[] { $"Bash(c{i}:*)" } });
        projects[m.Repo] = new { hasTrustDialogAccepted = true };
        m.Json(ClaudeJson, new { projects });
    }

    private static HostileKind K(string name, Action<HostileMachine> plant, params string[] anyOf) => new(name, plant) { AnyOf = anyOf };

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
