#!/bin/sh
# Runs inside the jail (jail.sh: loopback-only network namespace, read-only mounts but the run directory and the
# mirrored /home). Starts the scripted model and the canary on loopback, then lets the real binary install the plugin
# and run the scripted sessions. Every Bash command the binary allows goes through the no-exec shell prefix.
set -eu
HERE="$FIXTURE_GENERATOR"
node "$HERE/mock.mjs" "$HERE/script.json" 47811 47999 "$CCAUDIT_ORACLE_RUN/canary.log" &
MOCK=$!
trap 'kill $MOCK 2>/dev/null || true' EXIT
sleep 1
export HOME=/home/dev TMPDIR="$CCAUDIT_ORACLE_RUN/tmp" LANG=C.UTF-8 USER=dev
export ANTHROPIC_BASE_URL=http://127.0.0.1:47811 ANTHROPIC_API_KEY=sk-ant-fixture-dummy
export DISABLE_AUTOUPDATER=1 CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_TELEMETRY=1
export HTTPS_PROXY=http://127.0.0.1:47999 HTTP_PROXY=http://127.0.0.1:47999 https_proxy=http://127.0.0.1:47999
export http_proxy=http://127.0.0.1:47999 ALL_PROXY=http://127.0.0.1:47999 NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
export CLAUDE_CODE_SHELL_PREFIX="$FIXTURE_NOEXEC" CCAUDIT_ORACLE_NOEXEC_LOG="$CCAUDIT_ORACLE_RUN/noexec.log"
OUT="$CCAUDIT_ORACLE_RUN/out"
mkdir -p "$OUT"
"$FIXTURE_CLAUDE" --version > "$OUT/version.txt" 2>&1
"$FIXTURE_CLAUDE" plugin marketplace add /home/dev/tools/acme-market > "$OUT/marketplace.txt" 2>&1
"$FIXTURE_CLAUDE" plugin install shop-helper@acme-market > "$OUT/install.txt" 2>&1
cd /home/dev/src/shop
timeout 120 "$FIXTURE_CLAUDE" -p "FIXTURE-S1 tidy the shop repository" --output-format stream-json --verbose \
  --permission-prompts none > "$OUT/s1.jsonl" 2> "$OUT/s1.err" || echo "s1 exit $?" >> "$OUT/exits.txt"
CLAUDE_CONFIG_DIR=/home/dev/.claude-work timeout 120 "$FIXTURE_CLAUDE" -p "FIXTURE-S2 reset the shop work tree" --output-format stream-json \
  --verbose --permission-prompts none > "$OUT/s2.jsonl" 2> "$OUT/s2.err" || echo "s2 exit $?" >> "$OUT/exits.txt"
