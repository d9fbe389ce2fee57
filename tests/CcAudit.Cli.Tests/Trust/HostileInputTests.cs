using System.Text;
using CcAudit.Cli.Tests.TestSupport;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Cli.Tests.Trust;

/// <summary>
/// Hostile inputs generated here (nothing large is committed): each kind is planted in a fresh home and scanned in every
/// format. A kind fails on a crash (exit 3), a hang (30 s), or a planted secret shown whole.
/// </summary>
public sealed class HostileInputTests
{
    private const string Secret = "hostile-Secr3t#pw";

    /// <summary>Kind → (file under the home or "repo/…", content).</summary>
    private static readonly Dictionary<string, (string File, Func<byte[]> Content)> Kinds = new(StringComparer.Ordinal)
    {
        ["truncated json"] = (".claude/settings.json", () => Utf8("{\"permissions\":{\"allow\":[\"Bash(ls)")),
        ["deeply nested json"] = (".claude/settings.json", () => Utf8(new string('[', 100_000) + new string(']', 100_000))),
        ["huge json string"] = (".claude/settings.json", () => Utf8("{\"model\":\"" + new string('x', 8_000_000) + "\"}")),
        ["bom"] = (".claude/settings.json", () => [0xEF, 0xBB, 0xBF, .. Utf8("""{"model":"opus"}""")]),
        ["utf-16"] = (".claude/settings.json", () => Encoding.Unicode.GetBytes("""{"model":"opus"}""")),
        ["nul bytes"] = (".claude/settings.json", () => Utf8("{\"model\":\"op\0us\"}")),
        ["invalid utf-8"] = (".claude/settings.json", () => [.. Utf8("{\"model\":\""), 0xC3, 0x28, 0xFF, .. Utf8("\"}")]),
        ["permissions as a string"] = (".claude/settings.json", () => Utf8("""{"permissions":"allow everything"}""")),
        ["allow as an object"] = (".claude/settings.json", () => Utf8("""{"permissions":{"allow":{"Bash":true}}}""")),
        ["rules as numbers"] = (".claude/settings.json", () => Utf8("""{"permissions":{"allow":[1,2,3],"deny":[null,true]}}""")),
        ["hooks as strings"] = (".claude/settings.json", () => Utf8("""{"hooks":"rm -rf /"}""")),
        ["non-object claude.json"] = ("../home/.claude.json", () => Utf8("""["not","an","object"]""")),
        ["claude.json projects wrong"] = ("../home/.claude.json", () => Utf8("""{"projects":[1,2],"mcpServers":"x"}""")),
        ["mcp args not an array"] = ("../home/.claude.json", () => Utf8("""{"mcpServers":{"s":{"command":42,"args":"--token x","env":[1]}}}""")),
        ["control and bidi in names"] = ("../home/.claude.json", () => Utf8("{\"mcpServers\":{\"s\\u202e\\u0007\\u001b[31m\":{\"command\":\"npx\"}}}")),
        ["html payload everywhere"] = (".claude/settings.json", () => Utf8("""{"model":"<script>alert(1)</script>","permissions":{"allow":["Bash(<img src=x onerror=alert(1)>)"]}}""")),
        ["secret in a rule"] = (".claude/settings.json", () => Utf8("{\"permissions\":{\"allow\":[\"Bash(PGPASSWORD=" + Secret + " psql)\"]},\"env\":{\"DB_PASSWORD\":\"" + Secret + "\"}}")),
        ["secret in an mcp url"] = ("../home/.claude.json", () => Utf8("{\"mcpServers\":{\"db\":{\"command\":\"npx\",\"args\":[\"postgres://u:" + Secret + "@h/db\"]}}}")),
        ["pathological glob"] = (".claude/settings.json", () => Utf8("{\"permissions\":{\"deny\":[\"Read(" + string.Concat(Enumerable.Repeat("**/*a", 200)) + ")\",\"Bash(" + string.Concat(Enumerable.Repeat("* ", 500)) + "x)\"]}}")),
        ["ten thousand rules"] = (".claude/settings.json", () => Utf8("{\"permissions\":{\"allow\":[" + string.Join(',', Enumerable.Range(0, 10_000).Select(i => $"\"Bash(c{i}:*)\"")) + "],\"deny\":[" + string.Join(',', Enumerable.Range(0, 10_000).Select(i => $"\"Bash(c{i}:*)\"")) + "]}}")),
        ["transcript giant line"] = (".claude/projects/p/s.jsonl", () => Utf8("{\"type\":\"user\",\"cwd\":\"/tmp\",\"message\":{\"content\":\"" + new string('y', 3_000_000) + "\"}}\n")),
        ["transcript garbage"] = (".claude/projects/p/g.jsonl", () => Utf8("{not json\n{\"type\":\n\u0000\u0001\n")),
        ["transcript nul cwd"] = (".claude/projects/p/n.jsonl", () => Utf8("{\"type\":\"user\",\"cwd\":\"/a\\u0000b\",\"sessionId\":\"s\"}\n")),
        ["empty files"] = (".claude/settings.json", () => []),
        ["history wrong types"] = (".claude/history.jsonl", () => Utf8("{\"project\":42}\n[1]\n\"x\"\n")),
    };

    /// <summary>Kinds Claude Code ignores (a wrong type): the scan must say so with a diagnostic, not accept them.</summary>
    private static readonly HashSet<string> WrongTypes = new(StringComparer.Ordinal)
    {
        "permissions as a string", "allow as an object", "rules as numbers", "hooks as strings", "non-object claude.json", "claude.json projects wrong",
    };

    public static TheoryData<string> KindNames => [.. Kinds.Keys];

    [Theory]
    [MemberData(nameof(KindNames))]
    public async Task HostileKind_EveryFormat_NoCrashNoHangNoSecretWhole(string kind)
    {
        using var dir = new TempDir();
        var home = dir.Combine("home");
        Directory.CreateDirectory(Path.Combine(home, ".claude"));
        Directory.CreateDirectory(dir.Combine("managed"));
        var (file, content) = Kinds[kind];
        var path = Path.GetFullPath(Path.Combine(home, file));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, content(), TestContext.Current.CancellationToken);

        foreach (var format in new[] { "console", "json", "sarif", "md", "html", "csv" })
        {
            var run = CliRunner.RunAsync("scan", "--home", home, "--managed-dir", dir.Combine("managed"), "--project", Directory.CreateDirectory(dir.Combine("repo")).FullName, "--no-store", "--format", format);
            var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
            Assert.True(finished == run, $"{kind} / {format}: no answer within 30 s");
            var result = await run;
            Assert.True(result.ExitCode is 0 or 1, $"{kind} / {format}: exit {result.ExitCode}: {result.Error}");
            Assert.DoesNotContain(Secret, result.Out + result.Error, StringComparison.Ordinal);
            if (format == "json" && WrongTypes.Contains(kind))
            {
                Assert.Contains("\"D013\"", result.Out, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("<script>alert(1)", format is "html" ? result.Out : string.Empty, StringComparison.Ordinal);
            Assert.DoesNotContain("<img src=x", format is "html" ? result.Out : string.Empty, StringComparison.Ordinal);
        }
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
