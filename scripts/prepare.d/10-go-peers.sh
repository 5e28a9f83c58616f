#!/usr/bin/env bash
# Builds the Go reference peers (bench server/client) into artifacts/peers/go and installs
# varlink-go-certification. Tests find them through VARLINK_GO_PEERS.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/artifacts/peers/go
shared=${SHARED_DIR:-$root/../shared}
if [[ -x $out/bench-server && -x $out/bench-client ]] && command -v varlink-go-certification >/dev/null; then
  exit 0
fi
bash "$shared/peers/go/build.sh" "$out"
