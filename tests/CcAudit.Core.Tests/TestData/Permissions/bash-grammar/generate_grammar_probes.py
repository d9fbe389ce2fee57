#!/usr/bin/env python3
"""Independent probe source 2: a walk of the bash manual's shell grammar crossed with rule shapes.

Constructs (quoting, expansions, redirections, lists, compound commands, keywords, builtins, here-documents, process
substitution, arithmetic, conditionals) are templates around a base command; each base command is the subject of one
rule shape (prefix allow, exact allow, quoted exact allow, wildcard ask, prefix deny). No `expect`: the real binary
decides. Usage: generate_grammar_probes.py > grammar-probes.jsonl
"""
import json

HOME, CWD = "/home/dev", "/home/dev/work/app"
RULES = {"allow": ["Bash(git status:*)", "Bash(npm run build)", "Bash(echo \"hello world\")", "Bash(ls *)"],
         "ask": ["Bash(curl *)"], "deny": ["Bash(rm -rf:*)", "Bash(git push --force*)"]}
BASES = ["git status", "npm run build", "echo \"hello world\"", "ls src", "curl https://example.com", "rm -rf build", "git push --force"]
TEMPLATES = [
    "{c}", "'{c}'", "{c} ;", "{c}; ls", "ls; {c}", "{c} && ls", "ls || {c}", "{c} | cat", "cat x |& {c}", "{c} &", "{c} & wait",
    "{{ {c}; }}", "( {c} )", "if true; then {c}; fi", "if {c}; then ls; fi", "for f in a b; do {c}; done", "while false; do {c}; done",
    "case x in x) {c};; esac", "f() {{ {c}; }}; f", "! {c}", "time {c}", "builtin {c}", "command {c}", "exec {c}", "eval '{c}'",
    "{c} > out.txt", "{c} >> out.txt", "{c} 2>&1", "{c} &> /dev/null", "{c} < in.txt", "{c} <<< word", "{c} >| out.txt",
    "{c} 2>/dev/null", "{c} # comment", "{c} \\\n  --flag", "{c} $HOME", "{c} ${{HOME}}", "{c} ~", "{c} $((1+2))", "{c} {{a,b}}",
    "{c} *.py", "{c} $'a\\tb'", "{c} \"$(date)\"", "{c} `date`", "diff <({c}) <(ls)", "(( 1 + 2 )) && {c}", "[[ -f x ]] && {c}",
    "FOO=1 {c}", "env FOO=1 {c}", "sudo {c}", "nohup {c}", "timeout 5 {c}", "xargs {c} < list", "cat <<EOF\n{c}\nEOF",
]
MODES = ["default", "acceptEdits", "bypassPermissions"]


def main():
    n = 0
    for mode in MODES:
        settings = {"project": {"permissions": RULES}}
        for t in TEMPLATES:
            for base in BASES:
                if mode != "default" and base not in ("rm -rf build", "git status", "curl https://example.com"):
                    continue
                command = t.format(c=base)
                case = {"id": f"bg-{mode}-{n:04d}", "mode": mode, "trusted": True, "home": HOME, "cwd": CWD, "addDirs": [],
                        "settings": settings, "tool": "Bash", "input": {"command": command}, "note": "grammar:" + t.replace("{c}", "C")}
                print(json.dumps(case))
                n += 1


if __name__ == "__main__":
    main()
