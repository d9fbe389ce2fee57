#!/bin/sh
# Rebuilds ../machine, the realistic-machine fixture, with the real Claude Code binary, jailed as the oracle runs it
# (SAFETY in oracle-protocol.md): ccaudit's own jail.sh (loopback-only network namespace, private read-only mounts,
# /home and the managed directory shown through the run directory) and no-exec shell prefix, a throwaway run
# directory as HOME/TMPDIR, and a scripted model (mock.mjs) on the jail's loopback. Needs root, unshare, node, git.
# Usage: CCAUDIT_CLAUDE_BIN=.../claude.exe sh generate.sh [OUT]   (OUT defaults to ../machine; tests regenerate into a temp dir)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../../../.." && pwd)
ASSETS="$REPO/src/CcAudit.Core/Permissions/Oracle/Assets"
CLAUDE="${CCAUDIT_CLAUDE_BIN:?set CCAUDIT_CLAUDE_BIN to the Claude Code 2.1.328 binary}"
[ "$(id -u)" = 0 ] || { echo "generate.sh: needs root for the jail's namespaces; refusing to run the binary without them" >&2; exit 2; }
for tool in unshare ip node git findmnt; do command -v "$tool" >/dev/null || { echo "generate.sh: $tool missing" >&2; exit 2; }; done
RUN=$(mktemp -d /tmp/ccaudit-realistic.XXXXXX)
trap 'rm -rf "$RUN"' EXIT
mkdir -p "$RUN/root" "$RUN/tmp"
cp -a "$HERE/world/home" "$RUN/root/home"
cp -a "$HERE/world/managed" "$RUN/managed"
# The plugin's MCP server is the oracle's harmless stub (lists its tools, logs calls).
mkdir -p "$RUN/root/home/dev/tools/acme-market/plugins/shop-helper/server"
cp "$ASSETS/mcp-stub.mjs" "$RUN/root/home/dev/tools/acme-market/plugins/shop-helper/server/stub.mjs"
# The prefix must be executable where the binary spawns it; a checkout may not keep the mode.
cp "$ASSETS/noexec.sh" "$RUN/noexec.sh"
chmod 755 "$RUN/noexec.sh"
SHOP="$RUN/root/home/dev/src/shop"
printf '.env\n' > "$SHOP/.gitignore"
git -C "$SHOP" init -q -b main
git -C "$SHOP" -c user.name=dev -c user.email=dev@shop.example add -A
git -C "$SHOP" -c user.name=dev -c user.email=dev@shop.example commit -qm "shop: first commit"
env -i PATH="$PATH" CCAUDIT_ORACLE_RUN="$RUN" CCAUDIT_ORACLE_CWD=/home/dev/src/shop CCAUDIT_ORACLE_MIRRORS=/home \
  CCAUDIT_ORACLE_MANAGED_DIR="$RUN/managed" FIXTURE_GENERATOR="$HERE" FIXTURE_NOEXEC="$RUN/noexec.sh" FIXTURE_CLAUDE="$CLAUDE" \
  timeout 600 unshare --net --mount --fork sh "$ASSETS/jail.sh" sh "$HERE/inner.sh"
OUT="${1:-$HERE/../machine}"
rm -rf "$OUT"
mkdir -p "$OUT/home" "$OUT/etc"
cp -a "$RUN/root/home/dev" "$OUT/home/dev"
rm -rf "$OUT/home/dev/src/shop/.git"
cp -a "$RUN/managed" "$OUT/etc/claude-code"
mkdir -p "$OUT/.generator"
cp "$RUN/out/"* "$OUT/.generator/" 2>/dev/null || true
cp "$RUN/noexec.log" "$RUN/canary.log" "$OUT/.generator/" 2>/dev/null || true
echo "generated $(date -u +%Y-%m-%dT%H:%M:%SZ) with $(cat "$RUN/out/version.txt")" > "$OUT/.generator/GENERATED.txt"
echo "machine written to $OUT"
