#!/usr/bin/env bash
# Boots boot2podman.iso under qemu (KVM if usable, else TCG) and checks it over SSH by hand:
#   appliance/smoke-test.sh [ISO] [DATA_DISK.qcow2]
# TCG unless ACCEL=kvm. Keys come through fw_cfg (the contract in appliance/README.md). Prints the boot time; leaves
# the console log in appliance/cache/smoke/console.log. Bounded: gives up after BOOT_TIMEOUT s.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
iso=${1:-$here/../artifacts/boot2podman.iso}
disk=${2:-}
dir=$here/cache/smoke
mkdir -p "$dir"
rm -f "$dir/console.log" "$dir/qmp.sock"
[[ -f $dir/id_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -f "$dir/id_ed25519"
[[ -f $dir/host_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -f "$dir/host_ed25519"
port=${SSH_PORT:-$(( 20000 + RANDOM % 20000 ))}
accel=(-accel tcg -cpu max)                     # KVM is not usable on the CI machines
[[ ${ACCEL:-} == kvm ]] && accel=(-accel kvm -cpu host)
drive=()
[[ -n $disk ]] && drive=(-drive "file=$disk,if=virtio,format=qcow2")
start=$(date +%s)
qemu-system-x86_64 "${accel[@]}" -m "${MEM:-2048}" -smp 2 -display none -no-reboot \
  -cdrom "$iso" -boot d "${drive[@]}" \
  -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-:22" -device virtio-net-pci,netdev=n0 \
  -fw_cfg "name=opt/boot2podman/authorized_keys,file=$dir/id_ed25519.pub" \
  -fw_cfg "name=opt/boot2podman/ssh_host_ed25519_key,file=$dir/host_ed25519" \
  -serial "file:$dir/console.log" -qmp "unix:$dir/qmp.sock,server=on,wait=off" &
qpid=$!
echo "smoke: qemu pid $qpid, ssh port $port"
for _ in $(seq 1 "${BOOT_TIMEOUT:-600}"); do
  grep -q 'boot2podman: ready' "$dir/console.log" 2>/dev/null && break
  kill -0 "$qpid" 2>/dev/null || { echo "smoke: qemu exited"; tail -n 30 "$dir/console.log"; exit 1; }
  sleep 1
done
grep -q 'boot2podman: ready' "$dir/console.log" || { echo "smoke: not ready"; tail -n 30 "$dir/console.log"; kill "$qpid"; exit 1; }
echo "smoke: ready after $(( $(date +%s) - start )) s"
grep '^boot2podman:' "$dir/console.log" | tr -d '\r'
echo "[127.0.0.1]:$port $(cut -d' ' -f1-2 "$dir/host_ed25519.pub")" >"$dir/known_hosts"
echo "ssh -i $dir/id_ed25519 -o UserKnownHostsFile=$dir/known_hosts -o StrictHostKeyChecking=yes -p $port root@127.0.0.1" >"$dir/ssh"
echo "smoke: ssh command in $dir/ssh; qemu pid $qpid (stop: echo system_powerdown via QMP $dir/qmp.sock)"
echo "$qpid" >"$dir/qemu.pid"
