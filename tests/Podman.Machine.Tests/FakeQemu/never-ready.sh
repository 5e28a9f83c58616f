#!/usr/bin/env bash
# Fake qemu whose guest boots forever: it never prints the ready line.
set -euo pipefail
source "$(dirname "$0")/args.sh"
echo "fake guest: still mounting things" > "$console"
setsid bash -c 'while :; do sleep 1; done' fake-qemu -pidfile "$pidfile" </dev/null >/dev/null 2>&1 &
write_pidfile $!
