#!/bin/sh
# One oracle run of the real Claude Code binary, started by ccaudit as
#   unshare --net --mount --fork sh jail.sh <command...>
# so this script runs in a fresh network namespace and a private mount namespace (SAFETY in oracle-protocol.md):
#  1. loopback only, checked: a second interface aborts the run before the binary starts;
#  2. the case's paths (home, launch directory) are shown through bind mounts of the run's sandbox ("mirrors"),
#     managed settings through a private overlay of /etc; the real files are never touched;
#  3. everything else is remounted read-only, so the in-process file tools (Write/Edit) cannot escape the run directory.
# Inputs come as environment variables, never spliced into this text.
set -eu
RUN="$CCAUDIT_ORACLE_RUN"
ip link set lo up
if ip -o link show | grep -v ': lo:' | grep -q .; then
  echo "ccaudit oracle: refusing to run: the network namespace has an interface other than loopback" >&2
  exit 97
fi
mount --make-rprivate /
if [ -n "${CCAUDIT_ORACLE_MANAGED:-}${CCAUDIT_ORACLE_MANAGED_DIR:-}" ]; then
  OV="$RUN/etc-overlay"
  mkdir -p "$OV"
  mount -t tmpfs tmpfs "$OV"
  mkdir -p "$OV/upper/claude-code" "$OV/work"
  # One managed-settings.json, or a whole managed directory (drop-ins in managed-settings.d/ included).
  if [ -n "${CCAUDIT_ORACLE_MANAGED:-}" ]; then
    cp "$CCAUDIT_ORACLE_MANAGED" "$OV/upper/claude-code/managed-settings.json"
  else
    cp -R "$CCAUDIT_ORACLE_MANAGED_DIR"/. "$OV/upper/claude-code/"
  fi
  mount -t overlay overlay -o "lowerdir=/etc,upperdir=$OV/upper,workdir=$OV/work" /etc
fi
printf '%s\n' "${CCAUDIT_ORACLE_MIRRORS:-}" | while IFS= read -r point; do
  [ -n "$point" ] && mount --bind "$RUN/root$point" "$point"
done
mount --bind "$RUN" "$RUN"
mount -o remount,bind,ro /
for m in $(findmnt -rno TARGET | sort -r); do
  case "$m" in /|/proc|/proc/*|/sys|/sys/*|/dev|/dev/*|"$RUN"|"$RUN"/*) continue ;; esac
  if printf '%s\n' "${CCAUDIT_ORACLE_MIRRORS:-}" | grep -qxF "$m"; then continue; fi
  mount -o remount,bind,ro "$m" 2>/dev/null || true
done
cd "$CCAUDIT_ORACLE_CWD"
exec "$@"
