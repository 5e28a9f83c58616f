#!/usr/bin/env bash
# Fake qemu that daemonizes, then its guest dies a moment later.
set -euo pipefail
source "$(dirname "$0")/args.sh"
echo "Linux version fake" > "$console"
setsid bash -c 'sleep 2; echo "fake guest: out of memory, dying" >> "$1"' fake-qemu "$console" -pidfile "$pidfile" </dev/null >/dev/null 2>&1 &
write_pidfile $!
