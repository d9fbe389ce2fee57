namespace CcAudit.Cli.Tests.Trust.Corpus;

internal static partial class HostileKinds
{
    private const string NotAFile = "D007";
    private const string Unreadable = "D002";
    private const string DirectoryUnreadable = "D030";

    private static IEnumerable<HostileKind> Files()
    {
        yield return K("settings symlink loop", m =>
        {
            m.Link(User, m.Combine("home/.claude/loop-b"));
            m.Link("home/.claude/loop-b", m.Combine(User));
        }, "D006", NotAFile, Unreadable);
        yield return K("directory symlink loops in the repository", m =>
        {
            m.Link("work/app/self", m.Repo);
            m.Link("work/app/a", m.Combine("work/app/b"));
            m.Link("work/app/b", m.Combine("work/app/a"));
            m.Link("work/app/.claude/agents", m.Combine("work/app/.claude"));
        });
        yield return K(".claude.json a FIFO", m => m.Fifo(ClaudeJson), NotAFile);
        yield return K("settings a link to /dev/zero", m =>
        {
            m.Link(User, "/dev/zero");
            m.Link(Managed, "/dev/urandom");
        }, NotAFile);
        yield return K("transcripts a FIFO and /dev/zero", m =>
        {
            m.Fifo($"{m.TranscriptDir}/{HostileMachine.Session}.jsonl");
            m.Link($"{m.TranscriptDir}/zero.jsonl", "/dev/zero");
            m.Fifo("home/.claude/history.jsonl");
        }, NotAFile);
        yield return K("repository files FIFOs and devices", m =>
        {
            m.Fifo("work/app/.mcp.json");
            m.Link("work/app/CLAUDE.md", "/dev/urandom");
            m.Fifo(Local);
            m.Link("work/app/.env.production", "/dev/zero");
        }, NotAFile);
        yield return K("settings a directory", m =>
        {
            m.AsDirectory(User);
            m.AsDirectory(Project);
        }, NotAFile);
        yield return K(".claude.json a directory", m => m.AsDirectory(ClaudeJson), NotAFile);
        yield return K("~/.claude a link to /", m => m.Link("home/.claude", "/"));
        yield return K("unreadable transcript directory", m => m.Unreadable(m.TranscriptDir), DirectoryUnreadable, Unreadable);
        yield return K("unreadable launch directory", m => m.Unreadable("work/app"), DirectoryUnreadable, Unreadable);
        yield return K("unreadable settings and .claude.json", m =>
        {
            m.Unreadable(User);
            m.Unreadable(ClaudeJson);
            m.Unreadable(Project);
        }, Unreadable);
        yield return K("unreadable managed directory", m => m.Unreadable("managed"), DirectoryUnreadable, Unreadable);
        yield return K("dangling symlinks", m =>
        {
            m.Link(User, m.Combine("home/.claude/missing.json"));
            m.Link("work/app/.mcp.json", "/nonexistent/.mcp.json");
            m.Link("work/app/.claude/commands", m.Combine("work/gone"));
        });
        yield return K("links leaving the repository", m =>
        {
            m.Link("work/app/.claude/settings.json", m.Combine(User));
            m.Link("work/app/CLAUDE.md", "/etc/passwd");
            m.Link("work/app/secrets", "/root");
        });
        yield return K("recorded cwd with NUL", m => m.Json(ClaudeJson, new
        {
            projects = new Dictionary<string, object> { [m.Repo] = new { }, ["/tmp/a\0b"] = new { hasTrustDialogAccepted = true } },
        }));
        yield return K("odd recorded cwds", OddCwds);
        yield return K("additionalDirectories the whole file system", m => m.Write(Project,
            """{"permissions":{"additionalDirectories":["/","/proc","","~","//","/dev/../","/./","../.."],"allow":["Read(//**)"]}}"""));
        yield return K("2,000 managed drop-ins and ignored files", ManyDropIns) with { Heavy = true };
    }

    private static void OddCwds(HostileMachine m)
    {
        var cwds = new[] { m.Repo, "/", "", ".", "relative/dir", "/" + new string('d', 5_000), "/proc/self", "/dev", "C:\\Users\\x", "~" };
        m.Json(ClaudeJson, new { projects = cwds.Distinct().ToDictionary(c => c, _ => (object)new { hasTrustDialogAccepted = true }) });
        m.Write($"{m.TranscriptDir}/odd.jsonl", string.Concat(cwds.Select(c => HostileMachine.Line("user", new { role = "user", content = "x" }, c))));
    }

    private static void ManyDropIns(HostileMachine m)
    {
        for (var i = 0; i < 2_000; i++)
        {
            m.Write($"managed/managed-settings.d/{i:D4}-rule.json", $$$"""{"permissions":{"deny":["Bash(tool{{{i}}}:*)"]}}""");
        }

        m.Write("managed/managed-settings.d/.hidden.json", """{"permissions":{"deny":["Bash(rm:*)"]}}""");
        m.Write("managed/managed-settings.d/extra.json.bak", """{"permissions":{"deny":["Bash(sudo:*)"]}}""");
        m.WriteBytes("managed/managed-settings.d/9999-garbage.json", [0x00, 0xFF, 0x7B, 0x22]);
    }
}
