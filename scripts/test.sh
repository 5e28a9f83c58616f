#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine: installs what it needs, prepares the real
# peers (Go varlink peers, the appliance ISO), builds, runs every test project, and prints one line
# "tests: N passed, N failed, N skipped". Usage: scripts/test.sh [extra dotnet test args]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export SHARED_DIR=${SHARED_DIR:-$(cd "$root/../shared" && pwd)}
export VARLINK_GO_PEERS=${VARLINK_GO_PEERS:-$root/artifacts/peers/go}
export BOOT2PODMAN_ISO=${BOOT2PODMAN_ISO:-$root/artifacts/boot2podman.iso}

bash scripts/install-deps.sh
for step in scripts/prepare.d/*.sh; do
  echo "== prepare: $step"
  bash "$step"
done

dotnet build Podman.Client.sln -c Release -nologo -clp:ErrorsOnly
log=$(mktemp)
set +e
dotnet test Podman.Client.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
for step in scripts/after-test.d/*.sh; do
  [[ -e $step ]] || continue
  echo "== after tests: $step"
  bash "$step" || { echo "after-test step failed: $step"; rc=1; }
done
# Last line: the sum of the per-assembly summaries ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, ...").
awk '/(Passed|Failed)! +- +Failed: /{gsub(",","");for(i=1;i<=NF;i++){if($i=="Failed:")f+=$(i+1);if($i=="Passed:")p+=$(i+1);if($i=="Skipped:")s+=$(i+1)}}
     END{printf "tests: %d passed, %d failed, %d skipped\n", p, f, s}' "$log"
rm -f "$log"
exit "$rc"
