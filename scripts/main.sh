#!/usr/bin/env bash
# The main job, from a fresh Debian 12 machine: build boot2podman.iso from Debian 12 packages, create
# and boot an appliance VM under qemu with the sample CLI (podman-cli machine init, machine start), and
# drive podman in it from .NET with the CLI's container verbs, podman-remote style: version, an image made
# on the spot and imported (io.podman SendFile + ImportImage), run (output streamed, exit code back), logs,
# ps, a detached container stopped and removed, then a clean ACPI stop (machine stop). Every verb goes
# through io.podman (src/Podman.Server, in the ISO), reached from .NET through `varlink bridge` over SSH.
# Usage: scripts/main.sh   (env BOOT2PODMAN_ISO to use a prebuilt ISO)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
bash scripts/install-deps.sh

if [[ -z ${BOOT2PODMAN_ISO:-} ]]; then
  bash scripts/prepare.d/50-appliance.sh          # builds artifacts/boot2podman.iso (cached)
  export BOOT2PODMAN_ISO=$root/artifacts/boot2podman.iso
fi
echo "main: ISO $BOOT2PODMAN_ISO ($(stat -c %s "$BOOT2PODMAN_ISO") bytes)"

dotnet build samples/Podman.Cli -c Release -nologo -clp:ErrorsOnly
cli=(dotnet "$root/samples/Podman.Cli/bin/Release/net10.0/podman-cli.dll")
store=$(mktemp -d /tmp/boot2podman-main.XXXXXX)
name=main
cleanup() { "${cli[@]}" machine rm "$name" --store "$store" >/dev/null 2>&1 || true; rm -rf "$store"; }
trap cleanup EXIT

"${cli[@]}" machine init "$name" --store "$store" --iso "$BOOT2PODMAN_ISO" --disk-size 4
"${cli[@]}" machine start "$name" --store "$store" --timeout 900
podman() { "${cli[@]}" --store "$store" --connection "$name" "$@"; }   # the container verbs, on this machine

podman version
# An image made on the spot from Debian's busybox-static, imported without a registry: the tar is sent to
# the machine (SendFile) and made an image there (ImportImage).
rootfs=$(mktemp -d)
mkdir -p "$rootfs/bin" "$rootfs/tmp"
cp /bin/busybox "$rootfs/bin/busybox"
for applet in sh echo cat uname hostname sleep; do ln -s busybox "$rootfs/bin/$applet"; done
tar -C "$rootfs" --numeric-owner --owner=0 --group=0 -cf "$rootfs.tar" .
podman import --change CMD=/bin/sh "$rootfs.tar" localhost/busybox:main
rm -rf "$rootfs" "$rootfs.tar"
podman images

# A container run in the foreground: its output as it comes, its exit code as the CLI's.
out=$(podman run --name hello localhost/busybox:main sh -c 'echo hello from a container on $(uname -sr)')
echo "main: run: $out"
[[ $out == "hello from a container on Linux "* ]] || { echo "main: the container's output is missing" >&2; exit 1; }
logs=$(podman logs hello)
echo "main: logs: $logs"
[[ $logs == "$out" ]] || { echo "main: its logs differ from its output" >&2; exit 1; }
set +e; podman run --rm localhost/busybox:main sh -c 'exit 3'; code=$?; set -e
echo "main: run of 'exit 3' gave $code"
((code == 3)) || { echo "main: the container's exit code did not come back" >&2; exit 1; }

# A detached container: listed as running, stopped, listed as exited, removed with the first one.
podman run -d --name sleeper localhost/busybox:main sleep 600
podman ps
[[ $(podman ps --format '{{.Names}} {{.State}}') == *"sleeper running"* ]] || { echo "main: ps does not show it running" >&2; exit 1; }
podman stop --time 2 sleeper
podman ps -a --format '{{.Names}} {{.Status}}'
podman rm hello sleeper
[[ -z $(podman ps -a -q) ]] || { echo "main: containers are left" >&2; exit 1; }
"${cli[@]}" machine stop "$name" --store "$store" --timeout 120
echo "main: done — ISO built, VM booted, podman driven from .NET with podman-cli's container verbs through io.podman (varlink over SSH), VM stopped by ACPI."
