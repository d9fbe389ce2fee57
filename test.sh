#!/usr/bin/env bash
# Sets up everything the tests need (Debian and npm packages, a throwaway PostgreSQL), runs every test,
# and prints the closing line "N passed, N failed". Safe to run again: it installs only what is missing.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
log() { printf '[test.sh] %s\n' "$*" >&2; }

# --- Debian packages -------------------------------------------------------------------------------
apt_needed=()
for pkg in chromium postgresql ripgrep hyperfine iproute2 util-linux procps git zsh fish; do
  dpkg -s "$pkg" >/dev/null 2>&1 || apt_needed+=("$pkg")
done
if [ ${#apt_needed[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    log "installing Debian packages: ${apt_needed[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1 || log "apt-get update failed"
    apt-get install -y -qq --no-install-recommends "${apt_needed[@]}" >/dev/null 2>&1 || log "apt-get install failed for: ${apt_needed[*]}"
  else
    log "not root: cannot install ${apt_needed[*]}; tests that need them will fail"
  fi
fi

# --- npm peers (Claude Code binary, MCP servers, ccusage, secretlint, chart.js, SARIF schema) -------
if [ ! -f tools/npm/node_modules/.ccaudit-installed ] || [ tools/npm/package-lock.json -nt tools/npm/node_modules/.ccaudit-installed ]; then
  log "installing npm peers (tools/npm)"
  (cd tools/npm && npm install --no-audit --no-fund --no-save >/dev/null 2>&1) && touch tools/npm/node_modules/.ccaudit-installed || log "npm install failed"
fi
export CCAUDIT_NPM_DIR="$root/tools/npm/node_modules"
export CCAUDIT_CLAUDE_BIN="$CCAUDIT_NPM_DIR/@anthropic-ai/claude-code/bin/claude.exe"
export CCAUDIT_CHROMIUM="/usr/bin/chromium"

# --- a throwaway PostgreSQL on loopback ------------------------------------------------------------
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
pg_dir=""
if [ -n "$pg_bin" ] && id postgres >/dev/null 2>&1; then
  pg_dir=$(mktemp -d /tmp/ccaudit-pg.XXXXXX)
  chown postgres "$pg_dir"
  pg_port=$(( 20000 + RANDOM % 20000 ))
  if runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres >/dev/null 2>&1 &&
     runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -t 60 \
       -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -k $pg_dir -c fsync=off" start >/dev/null 2>&1; then
    export CCAUDIT_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
    log "PostgreSQL on 127.0.0.1:$pg_port"
  else
    log "PostgreSQL did not start (see $pg_dir/log)"
  fi
fi
cleanup() {
  if [ -n "$pg_dir" ] && [ -d "$pg_dir/data" ]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$pg_dir"
  fi
}
trap cleanup EXIT

# --- the tests -------------------------------------------------------------------------------------
out=$(mktemp)
dotnet test --solution ccaudit.slnx -c Release 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
passed=$(grep -E '^\s+succeeded: [0-9]+' "$out" | tail -n 1 | grep -Eo '[0-9]+')
failed=$(grep -E '^\s+failed: [0-9]+' "$out" | tail -n 1 | grep -Eo '[0-9]+')
if [ -z "$passed" ]; then
  # No summary means the build or the runner failed before any test ran.
  passed=0
  failed=${failed:-1}
fi
rm -f "$out"
echo "${passed} passed, ${failed:-0} failed"
if [ "$status" -ne 0 ] || [ "${failed:-0}" -ne 0 ]; then
  exit 1
fi
exit 0
