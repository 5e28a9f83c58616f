#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine: installs what it needs, prepares the real
# peers (Go varlink peers, the appliance ISO), builds, runs every test project, and prints one line
# "tests: N passed, N failed, N skipped" (a failed prepare or after-test step counts as
# one failure). Usage: scripts/test.sh [extra dotnet test args]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export SHARED_DIR=${SHARED_DIR:-$(cd "$root/../shared" && pwd)}
export VARLINK_GO_PEERS=${VARLINK_GO_PEERS:-$root/artifacts/peers/go}
export BOOT2PODMAN_ISO=${BOOT2PODMAN_ISO:-$root/artifacts/boot2podman.iso}

bash scripts/install-deps.sh
# A prepare step that fails (the ISO build, say) does not stop the run: every test that does not need
# what it makes still runs, the tests that do need it fail with its error (the appliance tests read
# artifacts/boot2podman.iso.build-error), and the failed step counts as a failure in the last line.
failed_steps=()
for step in scripts/prepare.d/*.sh; do
  echo "== prepare: $step"
  bash "$step" || { echo "== prepare step failed: $step (the run goes on; the tests that need it will fail)"; failed_steps+=("$step"); }
done

dotnet build Podman.Client.sln -c Release -nologo -clp:ErrorsOnly
log=$(mktemp)
set +e
# VM tests not yet seen green in a clean-clone run are held back until one shows them green:
# BOOT2PODMAN_PENDING_VM_TESTS=1 runs them too. README ("Status") lists them (none today).
pending=()
filter=()
if [[ ${BOOT2PODMAN_PENDING_VM_TESTS:-0} != 1 && ${#pending[@]} -gt 0 ]]; then
  clause=$(printf '&FullyQualifiedName!~%s' "${pending[@]}")
  filter=(--filter "${clause#&}")
fi
dotnet test Podman.Client.sln -c Release --no-build -nologo "${filter[@]}" "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
for step in scripts/after-test.d/*.sh; do
  [[ -e $step ]] || continue
  echo "== after tests: $step"
  bash "$step" || { echo "== after-test step failed: $step"; failed_steps+=("$step"); }
done
((${#failed_steps[@]} == 0)) || { echo "steps failed (each counted as one failure below): ${failed_steps[*]}"; rc=1; }
# Last line: the sum of the per-assembly summaries ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, ...").
awk -v steps="${#failed_steps[@]}" '/(Passed|Failed)! +- +Failed: /{gsub(",","");for(i=1;i<=NF;i++){if($i=="Failed:")f+=$(i+1);if($i=="Passed:")p+=$(i+1);if($i=="Skipped:")s+=$(i+1)}}
     END{printf "tests: %d passed, %d failed, %d skipped\n", p, f + steps, s}' "$log"
rm -f "$log"
exit "$rc"
