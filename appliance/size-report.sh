#!/usr/bin/env bash
# Size report of the last build: ISO size, kernel and initramfs, and the largest contributors to the
# initramfs, each file's size after xz (compressed alone, so the figures are estimates of its share).
#   appliance/size-report.sh [ISO] [TOP]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
iso=${1:-$here/../artifacts/boot2podman.iso}
top=${2:-25}
root=$here/build/rootfs
[[ -f $iso ]] || { echo "size-report: no ISO at $iso (build it: make -C appliance)" >&2; exit 1; }
mib() { awk -v b="$1" 'BEGIN{printf "%.1f MiB", b/1048576}'; }
echo "ISO            $(mib "$(stat -c %s "$iso")")  ($(stat -c %s "$iso") bytes, limit 45 MB = 47185920 bytes)"
[[ -d $root ]] || { echo "size-report: no build tree ($root) for the breakdown" >&2; exit 0; }
echo "kernel         $(mib "$(stat -c %s "$here/build/iso/boot/vmlinuz")")"
echo "initramfs xz   $(mib "$(stat -c %s "$here/build/iso/boot/initrd.img")")  (unpacked $(mib "$(stat -c %s "$here/build/initrd.cpio")"))"
echo
echo "largest files (unpacked, xz -6 alone):"
(cd "$root" && find . -type f -size +300k -printf '%s %p\n') | sort -nr | head -n "$top" |
  while read -r size path; do
    z=$(xz -T1 -6 -c "$root/$path" | wc -c)
    printf '  %-58s %9s %9s\n' "${path#./}" "$(mib "$size")" "$(mib "$z")"
  done
echo
echo "by directory (unpacked):"
(cd "$root" && du -s --block-size=1 usr/bin usr/sbin usr/lib/x86_64-linux-gnu usr/lib/modules usr/lib/podman usr/libexec usr/share etc 2>/dev/null) |
  sort -nr | while read -r size path; do printf '  %-30s %9s\n' "$path" "$(mib "$size")"; done
