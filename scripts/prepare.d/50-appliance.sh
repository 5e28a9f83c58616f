#!/usr/bin/env bash
# Builds artifacts/boot2podman.iso when it is missing or any file under appliance/ or any .NET program
# it carries changed since it was built (cache key: sha256 over the appliance files and those
# binaries; the package cache and build tree are not part of it), then prints its size. The tests find the ISO through BOOT2PODMAN_ISO.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
iso=${BOOT2PODMAN_ISO:-$root/artifacts/boot2podman.iso}
stamp=$iso.inputs
# The .NET programs the ISO carries are inputs too: publish them (no-op when up to date), then hash them.
mapfile -t programs < <(bash "$root/appliance/build.sh" --dotnet-programs)
binaries=()
for p in "${programs[@]}"; do bash "$root/${p%% *}"; binaries+=("${p#* }"); done
key=$(cd "$root" && { find appliance -path appliance/cache -prune -o -path appliance/build -prune -o -type f -print; printf '%s\n' "${binaries[@]}"; } |
  LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1)
if [[ -f $iso && -f $stamp && $(cat "$stamp") == "$key" ]]; then
  echo "appliance: $iso is up to date (inputs $key)"
else
  echo "appliance: building $iso (inputs $key)"
  start=$(date +%s)
  mkdir -p "$(dirname "$iso")"
  # A failed build leaves no ISO of other inputs behind, and its output where the appliance tests
  # look for it ($iso.build-error): they fail with it rather than skip or boot a stale image.
  rm -f "$stamp"
  if ! bash "$root/appliance/build.sh" "$iso" 2>&1 | tee "$iso.build-log"; then
    rm -f "$iso" "$iso.packages"
    mv "$iso.build-log" "$iso.build-error"
    echo "appliance: the ISO build failed; its output is in $iso.build-error" >&2
    exit 1
  fi
  rm -f "$iso.build-log" "$iso.build-error"
  echo "$key" >"$stamp"
  echo "appliance: built in $(( $(date +%s) - start )) s"
fi
size=$(stat -c %s "$iso")
echo "appliance: boot2podman.iso is $size bytes ($(awk -v b="$size" 'BEGIN{printf "%.1f MiB", b/1048576}')), sha256 $(sha256sum "$iso" | cut -d' ' -f1)"
if (( size > 47185920 )); then echo "appliance: warning: larger than the 45 MB goal" >&2; fi
