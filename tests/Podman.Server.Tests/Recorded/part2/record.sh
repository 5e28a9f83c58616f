#!/bin/sh
# Records the libpod replies behind io.podman's volumes, images, pull/push, pods and kube methods, from
# the real podman 4.3.1 in an appliance VM, into this folder (part 1's record.sh records the rest into
# the folder above). The API socket is forwarded here over OpenSSH with the machine's pinned host key
# (the appliance has no curl); pull and push go to a Debian docker-registry started here on a free
# port of 127.0.0.1, which the guest reaches at qemu's user-network host address 10.0.2.2. Run on the
# host, from the repository root, with a machine made by the sample CLI:
#   cli="dotnet run --project samples/Podman.Cli -c Release --"
#   $cli machine create rec --store /tmp/rec-store --disk-size 4 && $cli machine start rec --store /tmp/rec-store
#   sh tests/Podman.Server.Tests/Recorded/part2/record.sh /tmp/rec-store/rec tests/Podman.Server.Tests/Recorded/part2
# statuses.txt lists each request with the HTTP status podman answered; podman-*.txt what the podman
# CLI said about the same objects.
set -eu
machine=$1
out=$2
port=$(sed -n 's/.*"sshPort": *\([0-9]*\).*/\1/p' "$machine/runtime.json")
work=$(mktemp -d)
registry_pid=
trap 'ssh -S "$work/ctl" -O exit x 2>/dev/null; [ -z "$registry_pid" ] || kill "$registry_pid"; rm -rf "$work"' EXIT
echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$machine/ssh_host_ed25519_key.pub")" > "$work/known_hosts"
vm() { ssh -S "$work/ctl" -o UserKnownHostsFile="$work/known_hosts" -o StrictHostKeyChecking=yes -i "$machine/id_ed25519" -p "$port" root@127.0.0.1 "$@"; }
sock=$work/podman.sock
vm -M -f -N -o ControlPersist=no -L "$sock:/run/podman/podman.sock"
while [ ! -S "$sock" ]; do sleep 0.2; done
mkdir -p "$out"
rm -f "$out"/*.json "$out"/*.ndjson "$out"/*.txt "$out"/*.yaml

# The registry: its own config and storage, a free port on 127.0.0.1.
rport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$work/registry.yml" <<EOF
version: 0.1
storage:
  filesystem:
    rootdirectory: $work/registry
http:
  addr: 127.0.0.1:$rport
EOF
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 &
registry_pid=$!
until curl -sf "http://127.0.0.1:$rport/v2/" >/dev/null; do sleep 0.2; done
reg=10.0.2.2:$rport

# rec NAME METHOD PATH [JSON BODY]: the body into NAME, "METHOD PATH STATUS" into statuses.txt.
rec() {
    if [ $# -ge 4 ]; then
        status=$(curl -sS --unix-socket "$sock" -X "$2" -H 'Content-Type: application/json' -d "$4" -o "$out/$1" -w '%{http_code}' "http://d/v4.0.0/libpod/$3")
    else
        status=$(curl -sS --unix-socket "$sock" -X "$2" -o "$out/$1" -w '%{http_code}' "http://d/v4.0.0/libpod/$3")
    fi
    echo "$2 $3 $status -> $1" >> "$out/statuses.txt"
    [ -s "$out/$1" ] || rm -f "$out/$1"
}

# A clean VM with the busybox image (busybox-static from the host, as scripts/main.sh does).
vm 'podman pod rm -af; podman rm -af; podman volume rm -af; podman rmi -af' >/dev/null 2>&1 || true
mkdir -p "$work/rootfs/bin" "$work/rootfs/etc" "$work/rootfs/tmp"
cp /bin/busybox "$work/rootfs/bin/busybox"
for applet in $(/bin/busybox --list); do [ "$applet" = busybox ] || ln -s busybox "$work/rootfs/bin/$applet"; done
echo 'root:x:0:0:root:/root:/bin/sh' > "$work/rootfs/etc/passwd"
tar -C "$work/rootfs" -c . | vm podman import --change CMD=/bin/sh - localhost/bb:test >/dev/null

# Volumes.
rec volume-create.json POST volumes/create '{"Name":"rec-vol","Label":{"app":"rec"},"Options":{}}'
rec volume-create-anonymous.json POST volumes/create '{}'
vm podman volume create rec-used >/dev/null
vm podman create --name rec-vol-user -v rec-used:/data localhost/bb:test true >/dev/null
rec volumes.json GET volumes/json
rec volume-inspect.json GET volumes/rec-vol/json
rec error-no-such-volume.json GET volumes/nosuch/json
rec volume-remove-in-use.json DELETE volumes/rec-used
rec volume-remove-missing.json DELETE volumes/nosuch
vm podman volume ls --format "'{{.Name}}'" > "$out/podman-volume-ls.txt"
rec volume-remove.json DELETE volumes/rec-vol
rec volumes-prune.json POST volumes/prune
vm podman rm -f rec-vol-user >/dev/null
vm podman volume rm -af >/dev/null

# Images.
vm podman tag localhost/bb:test localhost/bb:second
rec images.json GET 'images/json?all=true'
rec image-inspect.json GET 'images/localhost%2Fbb%3Atest/json'
rec image-history.json GET 'images/localhost%2Fbb%3Atest/history'
rec image-tree.json GET 'images/localhost%2Fbb%3Atest/tree?whatrequires=false'
rec error-no-such-image.json GET images/nosuch/json
rec image-tag.json POST 'images/localhost%2Fbb%3Atest/tag?repo=localhost%2Fbb&tag=third'
rec image-tag-invalid.json POST 'images/localhost%2Fbb%3Atest/tag?repo=localhost%2Fbb%3Athird&tag=latest'
rec image-untag.json POST 'images/localhost%2Fbb%3Atest/untag?repo=localhost%2Fbb&tag=third'
rec image-untag-missing.json POST 'images/localhost%2Fbb%3Atest/untag?repo=localhost%2Fbb&tag=nosuch'
rec image-exists.txt GET 'images/localhost%2Fbb%3Atest/exists'
rec image-exists-missing.json GET images/nosuch/exists
rec image-remove-tag.json DELETE 'images/localhost%2Fbb%3Asecond'
vm podman create --name rec-commit localhost/bb:test sh -c "'echo made > /made'" >/dev/null
vm podman start -a rec-commit >/dev/null
rec commit.json POST 'commit?container=rec-commit&repo=localhost%2Fcommitted&tag=v1&author=rec&changes=CMD%3D%2Fbin%2Fls&format=oci'
rec commit-oci-comment.json POST 'commit?container=rec-commit&repo=localhost%2Fcommitted&tag=v2&comment=recorded&format=oci'
rec commit-missing.json POST 'commit?container=nosuch&repo=localhost%2Fcommitted&tag=v2'
rec image-inspect-committed.json GET 'images/localhost%2Fcommitted%3Av1/json'
rec image-history-committed.json GET 'images/localhost%2Fcommitted%3Av1/history'
rec image-remove-used.json DELETE 'images/localhost%2Fbb%3Atest'
rec image-remove-missing.json DELETE images/nosuch
vm podman images --format "'{{.ID}} {{.Repository}}:{{.Tag}}'" > "$out/podman-images.txt"
rec image-remove.json DELETE 'images/localhost%2Fcommitted%3Av1'
vm podman commit rec-commit localhost/committed:v3 >/dev/null
rec images-prune.json POST 'images/prune?all=true'
vm podman rm -f rec-commit >/dev/null

# Push to the registry, then pull back (and a name that cannot exist).
rec push.ndjson POST "images/localhost%2Fbb%3Atest/push?destination=$reg%2Frec%2Fbb%3Av1&tlsVerify=false&quiet=false"
rec push-missing.json POST "images/nosuch/push?destination=$reg%2Frec%2Fnosuch%3Av1&tlsVerify=false&quiet=false"
curl -sS -H 'Accept: application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.v2+json' \
    -o /dev/null -D "$out/registry-manifest-headers.txt" "http://127.0.0.1:$rport/v2/rec/bb/manifests/v1"
rec pull.ndjson POST "images/pull?reference=$reg%2Frec%2Fbb%3Av1&tlsVerify=false&quiet=false&policy=always"
rec pull-missing.ndjson POST "images/pull?reference=$reg%2Frec%2Fnosuch%3Av1&tlsVerify=false&quiet=false&policy=always"
rec image-inspect-pulled.json GET "images/$reg%2Frec%2Fbb%3Av1/json"
rec search.json GET "images/search?term=$reg%2Fbb&tlsVerify=false&limit=5"

# Pods: one with a container (share_parent false, the 4.3.1 workaround), one empty.
rec pod-create.json POST pods/create '{"name":"rec-pod","labels":{"app":"pod"},"share_parent":false,"shared_namespaces":["cgroup","ipc","net","uts"]}'
rec pod-create-empty.json POST pods/create '{"name":"rec-empty","no_infra":true,"share_parent":false}'
rec pod-create-exists.json POST pods/create '{"name":"rec-pod","share_parent":false}'
vm podman create --pod rec-pod --name rec-pod-ctr localhost/bb:test sleep 1000 >/dev/null
rec pods-created.json GET pods/json
rec pod-inspect-created.json GET pods/rec-pod/json
rec error-no-such-pod.json GET pods/nosuch/json
rec pod-start.json POST pods/rec-pod/start
rec pod-start-again.json POST pods/rec-pod/start
rec pod-start-empty.json POST pods/rec-empty/start
rec pods-running.json GET pods/json
rec pod-inspect-running.json GET pods/rec-pod/json
rec pod-top.json GET 'pods/rec-pod/top?ps_args=user,pid,comm'
ctr=$(vm podman inspect rec-pod-ctr --format "'{{.Id}}'")
rec pod-stats.json GET "containers/stats?containers=$ctr&stream=false"
vm podman pod ps --format "'{{.ID}} {{.Name}} {{.Status}} {{.NumberOfContainers}}'" > "$out/podman-pod-ps.txt"
rec kube-pod.yaml GET 'generate/kube?names=rec-pod&service=true'
rec kube-pod-container.json GET 'generate/kube?names=rec-pod-ctr'
vm podman create --name rec-alone -p 8080:80 localhost/bb:test sleep 1000 >/dev/null
rec kube-container.yaml GET 'generate/kube?names=rec-alone'
rec kube-missing.json GET 'generate/kube?names=nosuch'
rec pod-pause.json POST pods/rec-pod/pause
rec pod-inspect-paused.json GET pods/rec-pod/json
rec pod-unpause.json POST pods/rec-pod/unpause
rec pod-restart.json POST pods/rec-pod/restart
rec pod-kill.json POST pods/rec-pod/kill?signal=9
vm podman pod start rec-pod >/dev/null
rec pod-stop.json POST pods/rec-pod/stop?t=1
rec pod-stop-again.json POST pods/rec-pod/stop
rec pods-stopped.json GET pods/json
rec pod-inspect-stopped.json GET pods/rec-pod/json
rec pod-top-stopped.json GET pods/rec-pod/top
rec pod-kill-missing.json POST pods/nosuch/kill
rec pod-remove.json DELETE 'pods/rec-pod?force=true'
rec pod-remove-missing.json DELETE pods/nosuch
vm 'podman pod rm -af; podman rm -af; podman rmi -af' >/dev/null 2>&1 || true
echo "recorded into $out"
