#!/usr/bin/env bash
# Builds boot2podman.iso from the Debian 12 packages pinned in appliance/manifest.
#   appliance/build.sh [OUTPUT.iso]        (default: <repo>/artifacts/boot2podman.iso)
# Downloads go to appliance/cache/debs (apt-get download, the host's apt sources); everything else is
# made under appliance/build. The same manifest and files give the same ISO bytes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
out=${1:-$repo/artifacts/boot2podman.iso}
manifest=$here/manifest
cache=$here/cache/debs
work=$here/build
root=$work/rootfs
threads=${XZ_THREADS:-1}   # 1 keeps the initramfs one xz block (the kernel's decoder wants that)

log() { printf 'build: [%3ds] %s\n' "$SECONDS" "$*" >&2; }
die() { printf 'build: error: %s\n' "$*" >&2; exit 1; }
for tool in apt-get dpkg-deb tar cpio xz xorriso depmod readelf; do
  command -v "$tool" >/dev/null || die "$tool is missing (bash scripts/install-deps.sh installs it)"
done
[[ -f /usr/lib/ISOLINUX/isolinux.bin ]] || die "isolinux is missing (bash scripts/install-deps.sh)"

SOURCE_DATE_EPOCH=$(awk '$1=="epoch"{print $2}' "$manifest")
version=$(awk '$1=="version"{print $2}' "$manifest")
export SOURCE_DATE_EPOCH LC_ALL=C TZ=UTC
mapfile -t pins < <(awk '$1=="pin"{print $2"="$3}' "$manifest")
((${#pins[@]})) || die "no pin lines in $manifest (run appliance/update-manifest.sh)"

# 1. Download what is missing (file names are apt's: name_version_arch.deb, ':' as %3a).
mkdir -p "$cache"
deb_of() { local n=${1%%=*} v=${1#*=}; ls "$cache/${n}_${v//:/%3a}_"*.deb 2>/dev/null | head -n1; }
missing=()
for p in "${pins[@]}"; do [[ -n $(deb_of "$p") ]] || missing+=("$p"); done
if ((${#missing[@]})); then
  log "downloading ${#missing[@]} packages"
  if ! (cd "$cache" && apt-get download -q "${missing[@]}" >/dev/null); then
    log "apt-get download failed; refreshing the apt lists once and retrying"
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    (cd "$cache" && apt-get download -q "${missing[@]}" >/dev/null) ||
      die "cannot download the pinned packages; if Debian dropped a version, run appliance/update-manifest.sh"
  fi
fi

# 2. Unpack every pinned package into a merged-/usr root (no maintainer scripts run).
rm -rf "$work"
mkdir -p "$root"/usr/{bin,sbin,lib,lib64}
for d in bin sbin lib lib64; do ln -s "usr/$d" "$root/$d"; done
for p in "${pins[@]}"; do
  deb=$(deb_of "$p")
  dpkg-deb --fsys-tarfile "$deb" | tar -x --keep-directory-symlink --no-same-owner -C "$root"
done
log "unpacked ${#pins[@]} packages"

# 3. The kernel: vmlinuz out, only the listed modules (and their dependencies) kept.
kver=$(ls "$root/usr/lib/modules")
[[ $(wc -w <<<"$kver") == 1 ]] || die "expected one kernel, found: $kver"
mkdir -p "$work/iso/boot"
cp "$root/boot/vmlinuz-$kver" "$work/iso/boot/vmlinuz"
"$here/lib/trim-modules.sh" "$root" "$kver" "$here/modules.list"

# 4. Drop what a container host does not need.
"$here/lib/slim.sh" "$root"

# 5. Our files, then the generated bits (busybox links, alternatives, CA bundle, os-release).
cp -a "$here/rootfs/." "$root/"
# modes independent of the checkout's umask: directories 0755, files 0755 if executable else 0644
(cd "$here/rootfs" && find . -mindepth 1 -printf '%y %m %p\n') | while read -r type mode path; do
  if [[ $type == d || $(( 8#$mode & 8#111 )) != 0 ]]; then chmod 0755 "$root/$path"; else chmod 0644 "$root/$path"; fi
done
"$here/lib/finish-rootfs.sh" "$root" "$version"
"$here/lib/check-elf.sh" "$root"

# 6. The initramfs: sorted newc cpio, owner root, fixed mtimes, xz (crc32 check for the kernel).
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
(cd "$root" && find . -mindepth 1 | sort | cpio -o -H newc -R 0:0 --reproducible --quiet) >"$work/initrd.cpio"
xz -T"$threads" --check=crc32 --x86 --lzma2=preset=9,dict=64MiB <"$work/initrd.cpio" >"$work/iso/boot/initrd.img"
log "initramfs: $(( $(stat -c %s "$work/initrd.cpio") / 1048576 )) MiB unpacked, $(( $(stat -c %s "$work/iso/boot/initrd.img") / 1048576 )) MiB xz"

# 7. ISOLINUX (BIOS) boot, hybrid image so it also boots as a disk.
mkdir -p "$work/iso/isolinux"
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$work/iso/isolinux/"
cp "$here/isolinux.cfg" "$work/iso/isolinux/"
find "$work/iso" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
mkdir -p "$(dirname "$out")"
rm -f "$out"
xorriso -as mkisofs -quiet -o "$out" \
  -V "Boot2Podman-v$version" -volset boot2podman -publisher boot2podman -A boot2podman \
  -J -joliet-long -r \
  -isohybrid-mbr /usr/lib/ISOLINUX/isohdpfx.bin \
  -b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table \
  "$work/iso" 2>&1 | grep -v '^xorriso : UPDATE' >&2 || true
[[ -s $out ]] || die "xorriso wrote no ISO"
log "wrote $out: $(stat -c %s "$out") bytes, sha256 $(sha256sum "$out" | cut -d' ' -f1)"
