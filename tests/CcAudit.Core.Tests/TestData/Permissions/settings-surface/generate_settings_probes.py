#!/usr/bin/env python3
"""Independent probe source 3: settings keys of the 2.1.328 permission surface the engine did not model, in every tier.

Each configuration sets one key (or one rule family) in one tier; the probes are fixed. No `expect`: the real binary
decides them through `ccaudit permissions oracle`. Usage: generate_settings_probes.py > settings-probes.jsonl
"""
import json

HOME, CWD = "/home/dev", "/home/dev/work/app"
TIERS = ["user", "project", "local", "managed"]
GENERAL = [
    ("Bash", {"command": "npm test"}), ("Bash", {"command": "rm -rf build"}), ("Bash", {"command": "curl https://example.com"}),
    ("Bash", {"command": "cat /srv/shared/data.txt"}), ("Edit", {"file_path": "/srv/shared/notes.txt", "old_string": "", "new_string": "x"}),
    ("Write", {"file_path": CWD + "/src/new.txt", "content": "x"}), ("Read", {"file_path": "/srv/shared/data.txt"}),
    ("Read", {"file_path": CWD + "/src/main.c"}), ("WebFetch", {"url": "https://example.com/a", "prompt": "summarize"}),
]
MCP = {"github": {"type": "stdio", "command": "node", "args": ["s.js"]}, "gitlab": {"type": "stdio", "command": "node", "args": ["s.js"]}}
MCP_PROBES = [(t, {"arg": "x"}) for t in ("mcp__github__get_issue", "mcp__github__delete_repo", "mcp__gitlab__get_project", "mcp__gitlab__delete_branch")]


def config(name, mode, settings, probes, servers=None):
    return name, mode, settings, probes, servers


def configs():
    for tier in TIERS:
        yield config(f"disable-bypass-{tier}", "bypassPermissions", {tier: {"permissions": {"disableBypassPermissionsMode": "disable"}}}, GENERAL)
        yield config(f"deny-instead-{tier}", "default", {tier: {"permissions": {"denyInsteadOfPrompting": True}}}, GENERAL[:4])
        yield config(f"disable-auto-{tier}", "auto", {tier: {"disableAutoMode": "disable"}}, GENERAL[:4])
        yield config(f"block-reads-{tier}", "default", {tier: {"permissions": {"blockReadsOutsideWorkingDirectories": True}}}, GENERAL)
        yield config(f"block-writes-{tier}", "acceptEdits", {tier: {"permissions": {"blockWritesOutsideWorkingDirectories": True}}}, GENERAL)
    yield config("bypass-plain", "bypassPermissions", {}, GENERAL)
    for rules in (["mcp__*"], ["mcp__git*"], ["mcp__github__get_*"], ["mcp__github"], ["mcp__github__*"]):
        yield config("mcp-allow-" + rules[0], "default", {"project": {"permissions": {"allow": rules}}}, MCP_PROBES, MCP)
    for rules in (["mcp__*__delete_*"], ["mcp__*"], ["mcp__github__delete_*"]):
        yield config("mcp-deny-" + rules[0], "bypassPermissions", {"project": {"permissions": {"deny": rules}}}, MCP_PROBES, MCP)
    paths = [("Read", {"file_path": CWD + "/README.md"}), ("Bash", {"command": "cat README.md"}),
             ("Edit", {"file_path": CWD + "/src/../src/secret.txt", "old_string": "", "new_string": "x"}),
             ("Edit", {"file_path": CWD + "/.Claude/settings.json", "old_string": "", "new_string": "x"}),
             ("Bash", {"command": "grep -r key ~/.aws"}), ("Read", {"file_path": HOME + "/.aws/sso/cache.json"}),
             ("Read", {"file_path": HOME + "/.aws/credentials"}), ("Bash", {"command": "ls ~/.aws"})]
    yield config("path-case", "acceptEdits", {"project": {"permissions": {"deny": ["Read(readme.MD)", "Edit(src/secret.txt)", "Read(~/.aws/*)"]}}}, paths)
    yield config("sandbox-auto", "default", {"project": {"sandbox": {"enabled": True, "autoAllowBashIfSandboxed": True, "excludedCommands": ["docker *"], "allowUnsandboxedCommands": False}}},
                 [("Bash", {"command": c}) for c in ("npm test", "rm -rf build", "docker ps", "docker run x", "curl https://example.com")])
    yield config("sandbox-on", "default", {"project": {"sandbox": {"enabled": True}}}, [("Bash", {"command": c}) for c in ("npm test", "docker run x")])


def main():
    for name, mode, settings, probes, servers in configs():
        for n, (tool, tool_input) in enumerate(probes):
            case = {"id": f"ss-{name}-{n:02d}", "mode": mode, "trusted": True, "home": HOME, "cwd": CWD, "addDirs": [],
                    "settings": settings, "tool": tool, "input": tool_input, "note": "settings:" + name}
            if servers:
                case["mcpServers"] = servers
            print(json.dumps(case))


if __name__ == "__main__":
    main()
