#!/usr/bin/env python3
"""Probes of the permission rules public repositories commit, as sessions would use them.

Independent of `ccaudit permissions generate`: every configuration is one repository's own permission object
(rules.jsonl, with provenance), and every probe is built from one of that repository's own rules: the rule's command
as written, with arguments, chained, behind an assignment or a wrapper, redirected, substituted, piped, in the
background, through a path. The output has no `expect`; `ccaudit permissions oracle` decides it.

Deterministic: the same rules.jsonl always gives the same cases (hash-seeded choices, no clock, no RNG state).
Usage: generate_probes.py rules.jsonl > realworld-probes.jsonl
"""
import hashlib
import json
import sys

HOME = "/home/dev"
CWD = "/home/dev/work/app"
ARGS = ["--help", "src/index.js", "-v", "test", "build", ".", "README.md", "--version"]
FAMILIES = ["args", "chain", "chain-first", "assign", "timeout", "nohup", "redirect", "stderr", "subst", "path",
            "pipe", "background", "cd"]
MAX_RULES_PER_REPO = 14
MAX_PROBES_PER_REPO = 44


def h(*parts):
    return int(hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12], 16)


def bash_command(rule_body):
    """The command a rule names, and whether the rule is an exact one."""
    body = rule_body
    if body.endswith(":*"):
        return body[:-2].rstrip(), False
    if body.endswith(" *"):
        return body[:-2], False
    if body.endswith("*") and body.count("*") == 1:
        return body[:-1], False
    if "*" in body:
        return body.replace("*", "x"), True
    return body, True


def shapes(cmd, exact, key):
    first = cmd.split(" ", 1)[0]
    arg = ARGS[h(key, "arg") % len(ARGS)]
    out = {"base": cmd}
    out["args"] = cmd if exact else f"{cmd} {arg}"
    out["chain"] = f"{cmd} && git status"
    out["chain-first"] = f"ls && {cmd}"
    out["assign"] = f"FOO=bar {cmd}"
    out["timeout"] = f"timeout 60 {cmd}"
    out["nohup"] = f"nohup {cmd}"
    out["redirect"] = f"{cmd} > out.txt"
    out["stderr"] = f"{cmd} 2>&1"
    out["subst"] = f"echo $({cmd})"
    if first and "/" not in first and "\\" not in first and "=" not in first and not first.startswith(("\"", "'", "$")):
        out["path"] = "/usr/bin/" + cmd
    out["pipe"] = f"{cmd} | head -5"
    out["background"] = f"{cmd} &"
    out["cd"] = f"cd src && {cmd}"
    return out


def bash_probes(rule, key, budget):
    cmd, exact = bash_command(rule[5:-1])
    if not cmd.strip():
        return []
    all_shapes = shapes(cmd, exact, key)
    order = sorted((f for f in FAMILIES if f in all_shapes), key=lambda f: h(key, f))
    chosen = ["base"] + ([] if exact else ["args"]) + [f for f in order if f != "args"][: max(0, budget - 2)]
    return [("Bash", {"command": all_shapes[f]}, f) for f in chosen if f in all_shapes]


def path_of(pattern):
    p = pattern
    if p.startswith("//"):
        p = p[1:]
    elif p.startswith("~/"):
        p = HOME + p[1:]
    elif p.startswith("/"):
        p = CWD + p
    elif p.startswith("./"):
        p = CWD + p[1:]
    else:
        p = CWD + "/" + p
    p = p.replace("/**/", "/sub/").replace("**", "a.txt").replace("*", "x")
    return p.rstrip("/") or "/"


def read_probes(rule, key):
    body = rule[rule.index("(") + 1:-1]
    if not body or "(" in body:
        return []
    target = path_of(body)
    probes = [("Read", {"file_path": target}, "read"), ("Bash", {"command": f"cat {target}"}, "read-cat")]
    if not body.startswith(("/", "~", ".")):
        nested = CWD + "/pkg/" + path_of(body)[len(CWD) + 1:]
        probes.append(("Read", {"file_path": nested}, "read-nested"))
    return probes


def tool_probes(rule, key, budget):
    if rule.startswith("Bash(") and rule.endswith(")"):
        return bash_probes(rule, key, budget)
    if rule.startswith(("Read(", "Edit(", "Write(")) and rule.endswith(")"):
        return read_probes(rule, key)
    if rule.startswith("WebFetch(domain:") and rule.endswith(")"):
        domain = rule[len("WebFetch(domain:"):-1].replace("*", "docs")
        return [("WebFetch", {"url": f"https://{domain}/guide", "prompt": "summarize"}, "webfetch")]
    if rule == "WebSearch":
        return [("WebSearch", {"query": "release notes"}, "websearch")]
    if rule.startswith("mcp__"):
        parts = rule.split("__")
        if len(parts) >= 3 and "(" not in rule:
            other = f"mcp__{parts[1]}__other_tool"
            return [(rule, {"arg": "x"}, "mcp"), (other, {"arg": "x"}, "mcp-other")]
    if rule in ("Bash", "Bash(*)"):
        return [("Bash", {"command": c}, "any") for c in ("npm test", "git push origin main", "rm -rf build")]
    return []


def mcp_servers(rules):
    names = sorted({r.split("__")[1] for r in rules if r.startswith("mcp__") and len(r.split("__")) >= 3})
    return {n: {"type": "stdio", "command": "node", "args": ["server.js"]} for n in names if n}


def settings_of(repo):
    perms = {k: repo[k] for k in ("allow", "deny", "ask", "additionalDirectories") if repo.get(k)}
    if repo.get("defaultMode"):
        perms["defaultMode"] = repo["defaultMode"]
    tier = "local" if repo["path"].endswith("settings.local.json") else "project"
    return {tier: {"permissions": perms}}


def cases_of(index, repo):
    rules = repo.get("allow", []) + repo.get("ask", []) + repo.get("deny", [])
    mode = repo.get("defaultMode") or "default"
    if mode not in ("default", "acceptEdits", "bypassPermissions", "dontAsk"):
        mode = "default"
    picked = sorted(set(rules), key=lambda r: h(repo["repo"], r))[:MAX_RULES_PER_REPO]
    budget = max(3, MAX_PROBES_PER_REPO // max(1, len(picked)))
    seen, out = set(), []
    for rule in picked:
        for tool, tool_input, family in tool_probes(rule, repo["repo"] + rule, budget):
            sig = (tool, json.dumps(tool_input, sort_keys=True))
            if sig in seen or len(out) >= MAX_PROBES_PER_REPO:
                continue
            seen.add(sig)
            case = {"id": f"rw-{index:03d}-{len(out):02d}", "mode": mode, "trusted": True, "home": HOME, "cwd": CWD,
                    "addDirs": [], "settings": settings_of(repo), "tool": tool, "input": tool_input,
                    "note": f"rw:{family}", "origin": {"repo": repo["repo"], "rule": rule}}
            servers = mcp_servers(rules)
            if servers:
                case["mcpServers"] = servers
            out.append(case)
    return out


def main():
    repos = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    for index, repo in enumerate(repos):
        for case in cases_of(index, repo):
            print(json.dumps(case, ensure_ascii=False))


if __name__ == "__main__":
    main()
