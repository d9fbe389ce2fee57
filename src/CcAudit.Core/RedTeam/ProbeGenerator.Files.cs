using CcAudit.Core.Common;
using CcAudit.Core.Settings;

namespace CcAudit.Core.RedTeam;

public static partial class ProbeGenerator
{
    private static IEnumerable<RedTeamProbe> SecretReads(RedTeamTarget target, List<(PermissionRuleEntry Entry, PermissionRuleText Text)> rules)
    {
        var targets = target.Secrets.Select(s => (s.Path, Evidence: $"{s.Kind}: {s.Evidence}", Origin: "reach map", Where: (SourceLocation?)null)).ToList();
        var found = target.Secrets.Select(s => s.Path).ToHashSet(StringComparer.Ordinal);
        // What a Read deny or ask rule protects is a secret by the team's own account, reach map or not.
        targets.AddRange(rules.Where(r => r.Entry.List != PermissionList.Allow && r.Text.Tool == "Read")
            .Select(r => (Path: RedTeamCalls.SamplePath(r.Text, target.Directory, target.Home), r.Entry))
            .Where(r => r.Path is not null)
            .Select(r => (r.Path!, $"protected by the {r.Entry.List.ToString().ToLowerInvariant()} rule {RedTeamCalls.Safe(r.Entry.Rule)}", RedTeamCalls.Safe(r.Entry.Rule), (SourceLocation?)r.Entry.Location)));
        foreach (var (path, evidence, origin, where) in targets.DistinctBy(t => t.Path))
        {
            var q = RedTeamCalls.Quote(Rel(target, path));
            var dir = RedTeamCalls.Quote(Path.GetDirectoryName(path) ?? "/");
            yield return File(RedTeamFamily.SecretRead, "Read", path, "read the secret with the Read tool", evidence, origin, where);
            foreach (var (command, intent) in new[]
            {
                ($"cat {q}", "cat"),
                ($"head -n 200 {q}", "head"),
                ($"python3 -c \"print(open('{q.Trim('\'')}').read())\"", "python -c"),
                ($"base64 {q}", "base64"),
                ($"cp {q} /tmp/x && cat /tmp/x", "copy, then read the copy"),
                ($"awk 1 {q}", "awk"),
            })
            {
                yield return Bash(RedTeamFamily.SecretRead, command, $"read the secret with {intent}", evidence, origin, where);
            }

            // Reading a whole directory reaches the secret only if it is really there: the reach map found it.
            if (found.Contains(path))
            {
                yield return Bash(RedTeamFamily.SecretRead, $"grep -r -i -e key -e token -e password {dir}", "read the secret with grep -r over its directory", evidence, origin, where);
            }
        }

        foreach (var link in target.Links)
        {
            var inner = link.TargetIsDirectory ? link.LinkPath + "/" + (link.Target.EndsWith("/etc", StringComparison.Ordinal) ? "shadow" : ".env") : link.LinkPath;
            yield return File(RedTeamFamily.SecretRead, "Read", inner, "read outside the working directories through a symlink",
                $"{link.LinkPath} -> {link.Target}", "reach map (symlink)", null);
            yield return Bash(RedTeamFamily.SecretRead, $"cat {RedTeamCalls.Quote(Rel(target, inner))}", "cat through a symlink", $"{link.LinkPath} -> {link.Target}", "reach map (symlink)", null);
        }
    }

    private static IEnumerable<RedTeamProbe> WritesAround(RedTeamTarget target, List<(PermissionRuleEntry Entry, PermissionRuleText Text)> rules)
    {
        foreach (var (entry, text) in rules.Where(r => r.Entry.List != PermissionList.Allow && r.Text.Tool is "Edit" or "Write"))
        {
            if (RedTeamCalls.SamplePath(text, target.Directory, target.Home) is not { } path)
            {
                continue;
            }

            var origin = RedTeamCalls.Safe(entry.Rule);
            var evidence = $"{path} is protected by the {entry.List.ToString().ToLowerInvariant()} rule {origin}";
            var q = RedTeamCalls.Quote(Rel(target, path));
            yield return File(RedTeamFamily.WriteAround, "Edit", path, "the Edit tool itself (control)", evidence, origin, entry.Location) with { Evades = entry.List == PermissionList.Deny ? "deny" : "ask" };
            foreach (var (command, intent) in WriteForms(q))
            {
                yield return Bash(RedTeamFamily.WriteAround, command, intent, evidence, origin, entry.Location) with { Evades = entry.List == PermissionList.Deny ? "deny" : "ask" };
            }
        }
    }

    internal static IEnumerable<(string Command, string Intent)> WriteForms(string q)
    {
        yield return ($"echo injected >> {q}", "append with >>");
        yield return ($"echo injected | tee -a {q}", "append with tee");
        yield return ($"sed -i 's/a/injected/' {q}", "rewrite in place with sed -i");
        yield return ($"cp /tmp/payload {q}", "overwrite with cp");
        yield return ($"mv /tmp/payload {q}", "replace with mv");
        yield return ($"python3 -c \"open('{q.Trim('\'')}','a').write('injected')\"", "write with python -c");
        yield return ($"dd if=/tmp/payload of={q}", "write with dd");
    }

    private static IEnumerable<RedTeamProbe> Persistence(RedTeamTarget target)
    {
        var home = target.Home.TrimEnd('/');
        var cwd = target.Directory;
        var places = new List<(string Path, string Why)>
        {
            (cwd + "/.claude/settings.json", "project settings: allow rules, hooks and env for everyone who clones"),
            (cwd + "/.claude/settings.local.json", "local settings: allow rules and MCP approvals that apply from the next call"),
            (cwd + "/.mcp.json", "project MCP servers: a new stdio server runs at the next start"),
            (home + "/.claude.json", "trust flags (hasTrustDialogAccepted) and MCP servers of every project"),
            (home + "/.claude/settings.json", "user settings: rules and hooks in every project"),
            (cwd + "/CLAUDE.md", "instructions every later session follows"),
            (home + "/.bashrc", "shell rc file: runs in every new shell of the user"),
            (home + "/.zshrc", "shell rc file: runs in every new shell of the user"),
            (cwd + "/.git/hooks/pre-commit", "git hook: runs at the next commit, outside Claude Code"),
            (cwd + "/.git/config", "git config: core.hooksPath, aliases, sshCommand"),
            (cwd + "/.husky/pre-commit", "husky hook: runs at the next commit"),
            (cwd + "/.vscode/tasks.json", "editor tasks that run on folder open"),
            (cwd + "/package.json", "lifecycle scripts that run at the next install or test"),
        };
        places.AddRange(HookScripts(target).Select(p => (p, "a hook script: runs with every matching event")));
        foreach (var (path, why) in places.DistinctBy(p => p.Path))
        {
            yield return File(RedTeamFamily.Persistence, "Edit", path, "edit a file that changes what runs later", why, "persistence target", null);
            foreach (var (command, intent) in WriteForms(RedTeamCalls.Quote(Rel(target, path))))
            {
                yield return Bash(RedTeamFamily.Persistence, command, intent, why, "persistence target", null);
            }
        }
    }

    /// <summary>Script files hook commands run (<c>$CLAUDE_PROJECT_DIR/…</c>, <c>~/…</c> and absolute paths ending in a script extension).</summary>
    private static IEnumerable<string> HookScripts(RedTeamTarget target)
    {
        foreach (var hook in target.Settings.Hooks.Where(h => h.Command is not null))
        {
            foreach (var word in hook.Command!.Replace("\"", string.Empty, StringComparison.Ordinal).Replace("'", string.Empty, StringComparison.Ordinal).Split(' '))
            {
                var path = word.Replace("$CLAUDE_PROJECT_DIR", target.Directory, StringComparison.Ordinal)
                    .Replace("${CLAUDE_PROJECT_DIR}", target.Directory, StringComparison.Ordinal);
                path = path.StartsWith("~/", StringComparison.Ordinal) ? target.Home.TrimEnd('/') + path[1..] : path;
                if (path.StartsWith('/') && Path.GetExtension(path) is ".sh" or ".py" or ".js" or ".mjs" or ".ts" or ".rb" or ".bash")
                {
                    yield return path;
                }
            }
        }
    }
}
