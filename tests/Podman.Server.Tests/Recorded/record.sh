#!/bin/sh
# Records the libpod replies the unit tests serve, from the real podman 4.3.1 in an appliance VM made
# with the sample CLI (the appliance has no curl: its API socket is forwarded here over OpenSSH, with
# the machine's pinned host key). Run on the host, from the repository root:
#   cli="dotnet run --project samples/Podman.Cli -c Release --"
#   $cli machine create rec --store /tmp/rec-store --disk-size 4 && $cli machine start rec --store /tmp/rec-store
#   sh tests/Podman.Server.Tests/Recorded/record.sh /tmp/rec-store/rec tests/Podman.Server.Tests/Recorded
# It imports a busybox image (busybox-static from the host, as scripts/main.sh does), makes three
# containers (created, running, exited), and writes each reply into the folder; statuses.txt lists each
# request with the HTTP status podman answered, podman-ps.txt what `podman ps -a` said.
set -eu
machine=$1
out=$2
port=$(sed -n 's/.*"sshPort": *\([0-9]*\).*/\1/p' "$machine/runtime.json")
work=$(mktemp -d)
trap 'ssh -S "$work/ctl" -O exit x 2>/dev/null; rm -rf "$work"' EXIT
echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$machine/ssh_host_ed25519_key.pub")" > "$work/known_hosts"
vm() { ssh -S "$work/ctl" -o UserKnownHostsFile="$work/known_hosts" -o StrictHostKeyChecking=yes -i "$machine/id_ed25519" -p "$port" root@127.0.0.1 "$@"; }
sock=$work/podman.sock
vm -M -f -N -o ControlPersist=no -L "$sock:/run/podman/podman.sock"
while [ ! -S "$sock" ]; do sleep 0.2; done
rm -f "$out"/*.json "$out"/*.bin "$out"/*.ndjson "$out"/*.txt

# The busybox image, made on the spot from the host's busybox-static.
mkdir -p "$work/rootfs/bin" "$work/rootfs/etc" "$work/rootfs/tmp"
cp /bin/busybox "$work/rootfs/bin/busybox"
for applet in $(/bin/busybox --list); do [ "$applet" = busybox ] || ln -s busybox "$work/rootfs/bin/$applet"; done
echo 'root:x:0:0:root:/root:/bin/sh' > "$work/rootfs/etc/passwd"
tar -C "$work/rootfs" -c . | vm podman import --change CMD=/bin/sh - localhost/bb:test >/dev/null

# rec NAME METHOD PATH: the body into NAME, "METHOD PATH STATUS" into statuses.txt.
rec() {
    status=$(curl -sS --unix-socket "$sock" -X "$2" -o "$out/$1" -w '%{http_code}' "http://d/v4.0.0/libpod/$3")
    echo "$2 $3 $status -> $1" >> "$out/statuses.txt"
}

vm podman rm -af >/dev/null 2>&1 || true
vm podman create --name rec-created localhost/bb:test sh -c "'echo hi'" >/dev/null
vm podman run -d --name rec-running -p 8080:80 -l app=rec localhost/bb:test \
    sh -c "'echo out; echo err >&2; printf partial; sleep 1000'" >/dev/null
vm podman run --name rec-exited localhost/bb:test sh -c "'echo bye; exit 3'" >/dev/null || true
sleep 2
vm podman ps -a --format "'{{.ID}} {{.Names}} {{.State}}'" > "$out/podman-ps.txt"

rec version.json GET version
rec info.json GET info
rec containers-all.json GET 'containers/json?all=true&namespace=true&size=true'
rec containers-running.json GET 'containers/json?all=false&namespace=true'
rec inspect-created.json GET containers/rec-created/json
rec inspect-running.json GET 'containers/rec-running/json?size=true'
rec inspect-exited.json GET containers/rec-exited/json
rec error-no-such-container.json GET containers/nosuch/json
rec top-running.json GET 'containers/rec-running/top?ps_args=user,pid,comm'
rec top-created.json GET containers/rec-created/top
rec changes-running.json GET containers/rec-running/changes
rec stats-running.json GET 'containers/stats?containers=rec-running&stream=false'
rec healthcheck-none.json GET containers/rec-running/healthcheck
rec logs-running.bin GET 'containers/rec-running/logs?stdout=true&stderr=true&timestamps=true&follow=false'
rec logs-exited.bin GET 'containers/rec-exited/logs?stdout=true&stderr=true&timestamps=true&follow=false'
rec events.ndjson GET 'events?stream=false'
rec start-running.txt POST containers/rec-running/start
rec remove-running.json DELETE containers/rec-running
rec wait-exited.txt POST containers/rec-exited/wait
rec showmounted.json GET containers/showmounted
status=$(curl -sS --unix-socket "$sock" -X POST -H "Content-Type: application/json" -d "{\"image\":\"localhost/nosuch:latest\"}" -o "$out/create-missing-image.json" -w "%{http_code}" http://d/v4.0.0/libpod/containers/create); echo "POST containers/create (missing image) $status -> create-missing-image.json" >> "$out/statuses.txt"
vm cat '$(podman inspect rec-running --format "{{.OCIConfigPath}}")' > "$out/config-running.json"
vm podman rm -af >/dev/null
echo "recorded into $out"
