#!/bin/sh
# CLAUDE_CODE_SHELL_PREFIX for oracle runs. Claude Code passes one argument, the whole command string.
# Bash-tool commands (the "eval '...' && pwd -P >| <file>" wrapper) are recorded, never run: an allowed
# `rm` or `curl` probe must not act. MCP servers and hooks are launched through the prefix too, so anything
# else passes through.
LOG="${CCAUDIT_ORACLE_NOEXEC_LOG:-/dev/null}"
case "$1" in
  *"eval '"*"pwd -P >| "*)
    printf '%s\n' "---- bash-tool" "$1" >> "$LOG" 2>/dev/null
    echo "ORACLE-NOEXEC"
    exit 0 ;;
  *)
    printf '%s\n' "---- passthrough" "$1" >> "$LOG" 2>/dev/null
    exec /bin/sh -c "$1" ;;
esac
