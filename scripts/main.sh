#!/usr/bin/env bash
# The main job, from a fresh Debian 12 machine: build boot2podman.iso from Debian 12 packages, create
# and boot an appliance VM under qemu with Podman.Machine (via the sample CLI), and drive podman in it
# from .NET over SSH: podman info, a container from an image made on the spot, then a clean ACPI stop.
# podman is driven through io.podman (src/Podman.Server, in the ISO), reached from .NET through
# `varlink bridge` over SSH: version, info, create, start, wait, logs, list, remove. Only the image import
# still goes over an SSH command until io.podman's SendFile/ImportImage are served (Podman.Server part 2).
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

"${cli[@]}" machine create "$name" --store "$store" --iso "$BOOT2PODMAN_ISO" --disk-size 4
"${cli[@]}" machine start "$name" --store "$store" --timeout 900
vm() { "${cli[@]}" machine ssh "$name" --store "$store" -- "$@"; }
io() { "${cli[@]}" machine call "$name" --store "$store" "$@"; }   # io.podman over SSH + varlink bridge

io io.podman.GetVersion
info=$(io io.podman.GetInfo); echo "${info:0:400}…"
# (the command line is run by the VM's shell, as with ssh: quote it as one argument)
# An image made on the spot from Debian's busybox-static, imported without a registry.
rootfs=$(mktemp -d)
mkdir -p "$rootfs/bin"
cp /bin/busybox "$rootfs/bin/busybox"
for applet in sh echo cat uname hostname; do ln -s busybox "$rootfs/bin/$applet"; done
tar -C "$rootfs" --numeric-owner --owner=0 --group=0 -cf - . | vm podman import - localhost/busybox:main
rm -rf "$rootfs"
# The container: created, started, waited for, its logs read and removed, all through io.podman.
io io.podman.CreateContainer '{"create":{"name":"hello","args":["localhost/busybox:main","/bin/sh","-c","echo hello from a container on $(uname -sr)"]}}'
io io.podman.StartContainer '{"name":"hello"}'
exit_code=$(io io.podman.WaitContainer '{"name":"hello","interval":100}')
echo "main: WaitContainer: $exit_code"
[[ $exit_code =~ \"exitcode\":\ ?0[^0-9] ]] || { echo "main: the container did not exit 0" >&2; exit 1; }
logs=$(io io.podman.GetContainerLogs '{"name":"hello"}')
echo "main: GetContainerLogs: $logs"
[[ $logs == *"stdout F hello from a container on Linux "* ]] || { echo "main: its log line is missing" >&2; exit 1; }
io io.podman.ListContainers
io io.podman.RemoveContainer '{"name":"hello","force":true,"removeVolumes":false}'
"${cli[@]}" machine stop "$name" --store "$store" --timeout 120
echo "main: done — ISO built, VM booted, podman driven from .NET through io.podman (varlink over SSH; the image import by an SSH command), VM stopped by ACPI."
