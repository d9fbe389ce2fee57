#!/bin/sh
# Reads the hook payload and allows the call; the fixture only needs the hook to exist and run.
cat >/dev/null
exit 0
