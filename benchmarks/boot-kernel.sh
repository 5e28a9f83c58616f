#!/usr/bin/env bash
# How the form of the direct boot's files changes the time to /init, on one ISO, in one run: the ISO's
# bzImage + xz initramfs as they are (main before 2026-12-02), the bzImage + the initramfs decompressed
# on the host, and the PVH ELF kernel (the bzImage's payload, decompressed on the host) + that cpio
# (what Podman.Machine's BootFiles cache holds now). Rounds alternate the three forms, so a change of
# load hits all alike. Per form: median and min–max host seconds from qemu's start to the console's
# "phase init" and "phase modules" lines, and the guest uptime at init (the kernel's clock starts after
# a bzImage has decompressed itself, so the host column is the one to compare).
#   benchmarks/boot-kernel.sh [-n ROUNDS] [ISO]     (default 3 rounds, $BOOT2PODMAN_ISO)
set -euo pipefail
rounds=3
[[ ${1:-} == -n ]] && { rounds=$2; shift 2; }
[[ $rounds =~ ^[1-9][0-9]?$ ]] || { echo "boot-kernel.sh: -n takes 1 to 99" >&2; exit 64; }
iso=${1:-${BOOT2PODMAN_ISO:-$(dirname "$0")/../artifacts/boot2podman.iso}}
[[ -s $iso ]] || { echo "boot-kernel.sh: no ISO at $iso" >&2; exit 66; }
work=$(mktemp -d "${TMPDIR:-/tmp}/boot-kernel.XXXXXX")
trap 'pkill -f "$work/" 2>/dev/null || true; rm -rf "$work"' EXIT
xorriso -osirrox on -indev "$iso" -extract /boot/vmlinuz "$work/vmlinuz" -extract /boot/initrd.img "$work/initrd.img" \
  -extract /isolinux/isolinux.cfg "$work/isolinux.cfg" >/dev/null 2>&1
append=$(sed -n 's/^ *append //p' "$work/isolinux.cfg" | head -1 | sed 's/console=tty0 //')
xz -dc "$work/initrd.img" >"$work/initrd.cpio"
python3 - "$work/vmlinuz" "$work/vmlinux.xz" <<'PY'
import struct, sys
d = open(sys.argv[1], 'rb').read()
setup = d[0x1f1] or 4
off, length = struct.unpack_from('<II', d, 0x248)
start = (setup + 1) * 512 + off
open(sys.argv[2], 'wb').write(d[start:start + length])
PY
xz -dc --single-stream -q "$work/vmlinux.xz" >"$work/vmlinux" || true
forms=("bzImage+xz:vmlinuz:initrd.img" "bzImage+cpio:vmlinuz:initrd.cpio" "pvh+cpio:vmlinux:initrd.cpio")

boot() {   # KERNEL INITRD -> "init_host modules_host init_guest"
  local log=$work/console.$RANDOM start now t_init= g_init= t_mod=
  start=$(date +%s.%N)
  qemu-system-x86_64 -machine q35 -accel tcg -cpu max -m 2048 -smp 2 -nodefaults -display none -serial "file:$log" \
    -kernel "$work/$1" -initrd "$work/$2" -append "$append" -no-reboot &
  local pid=$!
  for _ in $(seq 1 3000); do
    now=$(date +%s.%N)
    if [[ -z $t_init ]] && grep -qa "phase init" "$log" 2>/dev/null; then
      t_init=$(echo "$now - $start" | bc); g_init=$(grep -ao "phase init [0-9.]*" "$log" | awk '{print $3}')
    fi
    if grep -qa "phase modules" "$log" 2>/dev/null; then t_mod=$(echo "$now - $start" | bc); break; fi
    sleep 0.1
  done
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  echo "${t_init:-nan} ${t_mod:-nan} ${g_init:-nan}"
}

declare -A results
for ((r = 1; r <= rounds; r++)); do
  for ((i = 0; i < ${#forms[@]}; i++)); do
    f=${forms[$(((i + r) % ${#forms[@]}))]}   # rotate the order every round
    IFS=: read -r name kernel initrd <<<"$f"
    line=$(boot "$kernel" "$initrd")
    echo "boot-kernel.sh: round $r $name: $line (load $(cut -d' ' -f1 /proc/loadavg))" >&2
    results[$name]+="$line"$'\n'
  done
done
stat() { sort -g | awk '{a[NR]=$1} END {printf "%.2f (%.2f–%.2f)", a[int((NR+1)/2)], a[1], a[NR]}'; }
echo "| form ($rounds rounds, load $(cut -d' ' -f1-3 /proc/loadavg)) | host s to /init | host s to modules | guest uptime at /init |"
echo "|---|---:|---:|---:|"
for f in "${forms[@]}"; do
  name=${f%%:*}
  col() { printf '%s' "${results[$name]}" | awk -v c="$1" 'NF {print $c}' | stat; }
  echo "| $name | $(col 1) | $(col 2) | $(col 3) |"
done
