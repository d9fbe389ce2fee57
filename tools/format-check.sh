#!/usr/bin/env bash
# House formatting check: `dotnet format --verify-no-changes` over the solution, plus the 140-character line limit of
# .editorconfig (dotnet format does not enforce max_line_length). Exit 1 when anything needs changing.
# Not wired into test.sh yet: every branch must be formatted first; the lead adds it at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
if ! dotnet format ccaudit.slnx --verify-no-changes --no-restore -v q; then
    echo "format-check: dotnet format would change files (run: dotnet format ccaudit.slnx)" >&2
    status=1
fi
long=$(git ls-files 'src/*.cs' 'tests/*.cs' 'bench/*.cs' 'fuzz/*.cs' | xargs awk 'length > 140 { print FILENAME ":" FNR ": " length " chars" }')
if [[ -n "$long" ]]; then
    echo "$long" >&2
    echo "format-check: $(wc -l <<<"$long") line(s) over 140 characters" >&2
    status=1
fi
exit $status
