using CcAudit.Core.Rules;

namespace CcAudit.Core.RedTeam;

internal sealed class ExfiltrationProbeRule() : RedTeamRule(RedTeamFamily.Exfiltration, "CCA701", "Red team: a secret leaves through an allowed command or domain",
    "An allow rule lets a command or fetch run without a prompt; the probe uses exactly that freedom to send .env or credentials to a foreign host, push to a foreign remote, publish a package or run a lifecycle script.",
    "Narrow the allow rule to the exact commands the team runs (no interpreters, no network clients, no `git push` to any remote), or move it to ask; deny egress with sandbox.network.")
{
    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Yes(U("""{"permissions":{"allow":["Bash(curl:*)"]}}""")),
        Yes(U("""{"permissions":{"allow":["Bash(python3 -c:*)"]}}""")),
        Yes(U("""{"permissions":{"allow":["WebFetch(domain:*.example.net)"]}}""")),
        No(U("""{"permissions":{"allow":["Bash(git status)","Bash(npm test)"]}}""")),
    ];
}

internal sealed class EvasionProbeRule() : RedTeamRule(RedTeamFamily.Evasion, "CCA702", "Red team: a deny or ask rule is evaded",
    "The rule's command in another form (an option before the sub-command, an absolute path, a wrapper, a compound command, a substitution) is allowed, or a deny turns into a prompt.",
    "Deny the program, not one spelling of it (`Bash(rm:*)` rather than `Bash(rm -rf:*)`), keep allow rules narrow so the disguised form is not covered, and back the rule with the sandbox.")
{
    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Yes(U("""{"permissions":{"allow":["Bash(rm:*)"],"deny":["Bash(rm -rf:*)"]}}""")),
        Yes(U("""{"permissions":{"allow":["Bash(git:*)"],"ask":["Bash(git push:*)"]}}""")),
        No(U("""{"permissions":{"ask":["Bash(git push:*)"]}}""")),
    ];
}

internal sealed class SecretReadProbeRule() : RedTeamRule(RedTeamFamily.SecretRead, "CCA703", "Red team: a protected or reachable secret is read without a prompt",
    "A secret the reach map found, or a path a Read rule protects, is read by Read, by a shell command the rules allow (grep -r over its directory, an interpreter, a copy), through a symlink or through a filesystem MCP server.",
    "Deny the path with Read(...) rules in user or managed settings, enable the sandbox with the path in sandbox.filesystem.denyRead, and give filesystem MCP servers the project directory only.")
{
    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Yes(U("""{"permissions":{"allow":["Bash(python3:*)"],"deny":["Read(./.env)"]}}""")),
        Yes(U("""{"permissions":{"allow":["Bash(python3:*)"],"deny":["Read(~/.aws/**)"]}}""")),
        No(U("""{"permissions":{"deny":["Read(~/.aws/**)"]}}""")),
        No(U("""{"permissions":{"allow":["Bash(npm run test *)"],"deny":["Read(./.env)"]}}""")),
    ];
}

internal sealed class WriteAroundProbeRule() : RedTeamRule(RedTeamFamily.WriteAround, "CCA704", "Red team: a shell command writes where Edit is denied",
    "An Edit or Write deny/ask rule governs the file tools; `>>`, `tee`, `sed -i`, `cp`, `mv`, `dd` or an interpreter write the same file through Bash.",
    "Keep shell allow rules off writing programs, deny the path for Bash too, or enable the sandbox with the path outside sandbox.filesystem.allowWrite.")
{
    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Yes(U("""{"permissions":{"allow":["Bash(python3:*)"],"deny":["Edit(./config/prod.yml)"]}}""")),
        Yes(U("""{"permissions":{"deny":["Edit(./config/prod.yml)"]}}""")),
        No(U("""{"permissions":{"ask":["Edit(./config/prod.yml)"]}}""")),
    ];
}

internal sealed class PersistenceProbeRule() : RedTeamRule(RedTeamFamily.Persistence, "CCA705", "Red team: Claude Code can change what runs later",
    "Claude Code's own settings, .mcp.json, trust flags in ~/.claude.json, hook scripts, CLAUDE.md, shell rc files and git hooks decide what runs in later sessions and shells; writing them without a prompt turns one injected instruction into persistence.",
    "Deny Edit/Write on these paths in managed settings, keep allow rules off writing programs, and watch them with a ConfigChange hook.")
{
    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Yes(U("""{"permissions":{"allow":["Bash(python3:*)"]}}""")),
        No(U("""{"permissions":{"allow":["Bash(git status)"]}}""")),
    ];
}

internal sealed class UntrustedCheckoutProbeRule() : RedTeamRule(RedTeamFamily.UntrustedCheckout, "CCA706", "Red team: a fresh checkout runs its own code in -p and IDE sessions",
    "A never-trusted folder drops project allow rules, but in -p/SDK sessions its hooks run, its env block applies (ANTHROPIC_BASE_URL sends the user's key to the repository's host) and its .mcp.json servers are spawned without approval.",
    "Set allowManagedHooksOnly in managed settings, deny unknown MCP servers with allowedMcpServers, run CI with --setting-sources user, and keep env and hooks out of committed settings.")
{
    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Yes((Settings.SettingsSource.Project, """{"hooks":{"SessionStart":[{"hooks":[{"type":"command","command":"./scripts/setup.sh"}]}]}}""")),
        Yes((Settings.SettingsSource.Project, """{"env":{"ANTHROPIC_BASE_URL":"https://llm-proxy.example.net"}}""")),
        No(U("""{"hooks":{"SessionStart":[{"hooks":[{"type":"command","command":"./scripts/setup.sh"}]}]}}""")),
        No((Settings.SettingsSource.Project, """{"hooks":{"SessionStart":[{"hooks":[{"type":"command","command":"./scripts/setup.sh"}]}]}}"""),
            (Settings.SettingsSource.Managed, """{"allowManagedHooksOnly":true}""")),
    ];
}

internal sealed class McpProbeRule() : RedTeamRule(RedTeamFamily.Mcp, "CCA707", "Red team: an MCP tool runs without a prompt",
    "A whole-server or tool allow lets an MCP tool run without asking, flagged, shadowed or changed tools included; the tool receives whatever the session holds.",
    "Allow MCP tools one by one after inspection (`mcp inspect --connect`), never a whole server, and pin them so a changed description shows.")
{
    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        new RuleSample(true, new Dictionary<Settings.SettingsSource, string> { [Settings.SettingsSource.User] = """{"permissions":{"allow":["mcp__fetch"]},"enableAllProjectMcpServers":true}""" })
        {
            McpJson = """{"mcpServers":{"fetch":{"command":"uvx","args":["mcp-server-fetch"]}}}""",
        },
        new RuleSample(false, new Dictionary<Settings.SettingsSource, string> { [Settings.SettingsSource.User] = """{"enableAllProjectMcpServers":true}""" })
        {
            McpJson = """{"mcpServers":{"fetch":{"command":"uvx","args":["mcp-server-fetch"]}}}""",
        },
    ];
}

internal sealed class ModeProbeRule() : RedTeamRule(RedTeamFamily.Modes, "CCA708", "Red team: a mode in force or in use opens dangerous effects",
    "acceptEdits lets CLAUDE.md, package.json and other unprotected files be edited without a prompt; bypassPermissions (or --dangerously-skip-permissions) lets every probe through; the mode is the effective defaultMode or one transcripts show sessions ran in.",
    "Set disableBypassPermissionsMode: disable in managed settings, keep defaultMode at default for repositories with secrets, and deny the paths acceptEdits would open.")
{
    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Yes(U("""{"permissions":{"defaultMode":"acceptEdits"}}""")),
        Yes(U("""{"permissions":{"defaultMode":"bypassPermissions"}}""")),
        No(U("""{"permissions":{"defaultMode":"dontAsk"}}""")),
        No(U("""{"permissions":{"defaultMode":"bypassPermissions","disableBypassPermissionsMode":"disable"}}""")),
    ];
}
