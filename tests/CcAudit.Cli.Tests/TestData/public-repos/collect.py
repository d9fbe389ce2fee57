#!/usr/bin/env python3
"""Rebuilds the public-repository corpus from git snapshots of public repositories.

Keeps Claude Code configuration only (settings, .mcp.json, CLAUDE.md, agents, commands, skills, rules,
plugin and marketplace manifests, hooks.json); scripts and other code are never copied, only named in the
manifest. Secret-looking values are replaced. Usage: collect.py MIRROR_ROOT OUT_DIR
(MIRROR_ROOT holds owner+name/repo bare git directories)."""
import json, os, re, subprocess, sys

KEEP = [
    re.compile(r'(^|/)\.claude/settings(\.local)?\.json$'),
    re.compile(r'(^|/)\.mcp\.json$'),
    re.compile(r'(^|/)(CLAUDE|AGENTS)\.md$'),
    re.compile(r'(^|/)\.claude/(agents|commands|rules)/[^/]+\.md$'),
    re.compile(r'(^|/)\.claude/skills/[^/]+/SKILL\.md$'),
    re.compile(r'(^|/)\.claude-plugin/(plugin|marketplace)\.json$'),
    re.compile(r'(^|/)hooks/hooks\.json$'),
    re.compile(r'(^|/)\.ccaudit\.ya?ml$'),
]
SCRIPT = re.compile(r'(^|/)(\.claude/hooks/|hooks/)[^/]+\.(sh|py|js|ts|mjs|cjs|ps1|rb|bash)$')
MAX_FILE = 24 * 1024
MAX_PER_REPO = 30
MAX_MARKDOWN = 6
SECRETS = [
    re.compile(r'sk-ant-[A-Za-z0-9_\-]{8,}'),
    re.compile(r'sk-[A-Za-z0-9]{20,}'),
    re.compile(r'gh[pousr]_[A-Za-z0-9]{20,}'),
    re.compile(r'github_pat_[A-Za-z0-9_]{20,}'),
    re.compile(r'AKIA[0-9A-Z]{16}'),
    re.compile(r'xox[abposr]-[A-Za-z0-9\-]{10,}'),
    re.compile(r'AIza[0-9A-Za-z_\-]{30,}'),
    re.compile(r'eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}'),
    re.compile(r'(?i)(?<=://)[^/\s:@"\']+:[^/\s@"\']+(?=@)'),
    re.compile(r'(?i)(?<=bearer )(?!\$\{)[A-Za-z0-9._\-]{12,}'),
]
NAMED = re.compile(r'(?i)([A-Za-z0-9_]*(?:api[_-]?key|key|token|secret|password|passwd|credential|client_id)[A-Za-z0-9_]*["\']?\s*[:=]\s*["\']?)'
                   r'(?![^"\'\s]*\$\{)(?!(?-i:[a-z]+)(?:[^A-Za-z0-9+/=_\-.]|$))([A-Za-z0-9+/=_\-.]{8,})')
KEYED = re.compile(r'(?i)(["\'](?:password|passwd|secret|token|api[_-]?key|apikey|authorization)["\']\s*:\s*["\'])'
                   r'(?![^"\']*\$\{)([^"\']{6,})')


def git(repo, *args):
    return subprocess.run(['git', '-C', repo, *args], capture_output=True, check=True).stdout


def scrub(text):
    count = 0
    for pattern in SECRETS:
        text, n = pattern.subn('REDACTED-BY-COLLECTOR', text)
        count += n
    text, n = KEYED.subn(lambda m: m.group(1) + 'REDACTED-BY-COLLECTOR', text)
    text, named = NAMED.subn(lambda m: m.group(1) + 'REDACTED-BY-COLLECTOR', text)
    return text, count + n + named


def collect(mirror_root, out_dir):
    manifest = []
    for entry in sorted(os.listdir(mirror_root)):
        repo_dir = os.path.join(mirror_root, entry, 'repo')
        if '+' not in entry or not os.path.isdir(repo_dir):
            continue
        owner_name = entry.replace('+', '/', 1)
        try:
            commit = git(repo_dir, 'rev-parse', 'HEAD').decode().strip()
            names = git(repo_dir, 'ls-tree', '-r', '-z', '--name-only', 'HEAD').decode('utf-8', 'replace').split('\0')
        except subprocess.CalledProcessError:
            continue
        kept = [n for n in names if any(p.search(n) for p in KEEP)]
        markdown = [n for n in kept if n.endswith('.md')]
        kept = ([n for n in kept if not n.endswith('.md')] + markdown[:MAX_MARKDOWN])[:MAX_PER_REPO]
        if not kept:
            continue
        files, omitted = [], sorted(n for n in names if SCRIPT.search(n))[:40]
        for name in kept:
            mode = git(repo_dir, 'ls-tree', 'HEAD', '--', name).decode().split(' ')[0]
            if mode == '120000':
                target = git(repo_dir, 'cat-file', 'blob', f'HEAD:{name}').decode('utf-8', 'replace')
                files.append({'path': name, 'symlink': target})
                continue
            blob = git(repo_dir, 'cat-file', 'blob', f'HEAD:{name}')
            if len(blob) > MAX_FILE or b'\0' in blob:
                files.append({'path': name, 'skipped': f'{len(blob)} bytes'})
                continue
            text, replaced = scrub(blob.decode('utf-8', 'replace'))
            dest = os.path.join(out_dir, 'repos', entry, name)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with open(dest, 'w', encoding='utf-8', newline='') as handle:
                handle.write(text)
            files.append({'path': name, 'bytes': len(blob), 'secretsReplaced': replaced})
        manifest.append({'repo': owner_name, 'commit': commit, 'dir': f'repos/{entry}',
                         'files': files, 'scriptsNotCopied': omitted})
    with open(os.path.join(out_dir, 'manifest.json'), 'w', encoding='utf-8') as handle:
        json.dump({'source': 'git snapshots of public GitHub repositories (HEAD of each)',
                   'repositories': manifest}, handle, indent=1)
        handle.write('\n')
    print(f'{len(manifest)} repositories, {sum(len(m["files"]) for m in manifest)} files', file=sys.stderr)


if __name__ == '__main__':
    collect(sys.argv[1], sys.argv[2])
