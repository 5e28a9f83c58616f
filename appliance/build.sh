#!/usr/bin/env bash
# Builds boot2podman.iso from the Debian 12 packages pinned in appliance/manifest.
#   appliance/build.sh [OUTPUT.iso]        (default: <repo>/artifacts/boot2podman.iso)
# Downloads go to appliance/cache/debs (apt-get download, the host's apt sources); everything else is
# made under appliance/build. The same resolved packages and files give the same ISO bytes; which
# packages those are when Debian moved on since the pins were written: lib/resolve-pins.sh
# (BOOT2PODMAN_STRICT_PINS=1 takes exactly the pins or fails). The list goes to OUTPUT.iso.packages
# and into the ISO as /usr/share/boot2podman/packages.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
out=${1:-$repo/artifacts/boot2podman.iso}
manifest=$here/manifest
cache=$here/cache/debs
work=$here/build
state=$here/cache       # the last resolution (resolved, drift): outside the build tree, which is made anew
root=$work/rootfs
threads=${XZ_THREADS:-1}   # 1 keeps the initramfs one xz block (the kernel's decoder wants that)
# The initramfs compression: xz (default) keeps the ISO within 40 MiB; zstd unpacks much faster under
# TCG (the kernel's unpacking is a large part of the boot there) but makes the ISO about 4 MiB larger.
compression=${BOOT2PODMAN_INITRD_COMPRESSION:-xz}
case $compression in zstd | xz) ;; *) echo "build: error: BOOT2PODMAN_INITRD_COMPRESSION is zstd or xz, not '$compression'" >&2; exit 1 ;; esac

# The .NET programs that go into the ISO, as "publishing step : published binary : path in the ISO"
# (the steps are scripts/prepare.d's, no-ops when the binary is up to date; 50-appliance.sh hashes
# the same binaries into the ISO's cache key: `build.sh --dotnet-programs` lists them).
dotnet_programs=(
  30-varlink-bridge:artifacts/bridge/varlink:usr/bin/varlink
  40-podman-server:artifacts/podman-server/podman-server:usr/libexec/boot2podman/podman-server
)
if [[ ${1:-} == --dotnet-programs ]]; then
  for p in "${dotnet_programs[@]}"; do IFS=: read -r step bin _ <<<"$p"; echo "scripts/prepare.d/$step.sh $bin"; done
  exit 0
fi

log() { printf 'build: [%3ds] %s\n' "$SECONDS" "$*" >&2; }
die() { printf 'build: error: %s\n' "$*" >&2; exit 1; }
for tool in apt-get dpkg-deb tar cpio "$compression" xorriso depmod readelf; do
  command -v "$tool" >/dev/null || die "$tool is missing (bash scripts/install-deps.sh installs it)"
done
[[ -f /usr/lib/ISOLINUX/isolinux.bin ]] || die "isolinux is missing (bash scripts/install-deps.sh)"

SOURCE_DATE_EPOCH=$(awk '$1=="epoch"{print $2}' "$manifest")
version=$(awk '$1=="version"{print $2}' "$manifest")
export SOURCE_DATE_EPOCH LC_ALL=C TZ=UTC
mode=follow; [[ ${BOOT2PODMAN_STRICT_PINS:-0} == 1 ]] && mode=strict

# 1. Resolve the pins against what Debian serves now (lib/resolve-pins.sh: a pin no longer served
#    moves to a newer Debian revision of the same upstream version, one line each; strict mode
#    refuses), then download what the cache lacks (file names are apt's: name_version_arch.deb,
#    ':' as %3a). Stale apt lists are refreshed once when either step fails.
mkdir -p "$cache" "$state"
deb_of() { local n=${1%%=*} v=${1#*=}; ls "$cache/${n}_${v//:/%3a}_"*.deb 2>/dev/null | head -n1; }
fetch() {
  "$here/lib/resolve-pins.sh" "$manifest" "$cache" >"$state/resolved" 2>"$state/drift" || return 1
  mapfile -t pins < <(awk '{print $1"="$2}' "$state/resolved")
  missing=()
  for p in "${pins[@]}"; do [[ -n $(deb_of "$p") ]] || missing+=("$p"); done
  ((${#missing[@]})) || return 0
  log "downloading ${#missing[@]} packages"
  (cd "$cache" && apt-get -o APT::Sandbox::User=root download -q "${missing[@]}" >/dev/null)
}
if ! fetch; then
  log "resolving or downloading the pins failed; refreshing the apt lists once and retrying"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  if ! fetch; then
    cat "$state/drift" >&2
    die "cannot get the pinned packages (above: which, and why); if Debian moved on, run appliance/update-manifest.sh"
  fi
fi
sed 's/^/build: /' "$state/drift" >&2
moved=$(grep -c '^resolve: \(drift\|kernel\):' "$state/drift" || true)
log "${#pins[@]} packages ($mode pins: $moved moved to what Debian serves now)"

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

# 5. Our files, then the generated bits (busybox links, alternatives, CA bundle, os-release), and the
#    list of the packages this ISO holds (name, version, sha256 of the .deb), also written beside it.
cp -a "$here/rootfs/." "$root/"
mkdir -p "$root/usr/share/boot2podman"
{
  echo "# boot2podman $version: the Debian packages unpacked into this ISO (name version sha256-of-.deb)."
  echo "# Resolved from appliance/manifest with $mode pins; $moved moved to what Debian served at build time:"
  sed 's/^resolve: /#   /' "$state/drift"
  for p in "${pins[@]}"; do
    deb=$(deb_of "$p")
    printf '%s %s %s\n' "${p%%=*}" "${p#*=}" "$(sha256sum "$deb" | cut -d' ' -f1)"
  done
} >"$root/usr/share/boot2podman/packages"
# modes independent of the checkout's umask: directories 0755, files 0755 if executable else 0644
(cd "$here/rootfs" && find . -mindepth 1 -printf '%y %m %p\n') | while read -r type mode path; do
  if [[ $type == d || $(( 8#$mode & 8#111 )) != 0 ]]; then chmod 0755 "$root/$path"; else chmod 0644 "$root/$path"; fi
done
# 5b. Our .NET programs, published NativeAOT (no .NET runtime in the ISO; scripts/prepare.d publishes
#     them, a no-op when they are up to date): the varlink bridge as /usr/bin/varlink, the io.podman
#     service (src/Podman.Server) that services.d/40-io.podman runs.
for p in "${dotnet_programs[@]}"; do
  IFS=: read -r step bin dest <<<"$p"
  bash "$repo/scripts/prepare.d/$step.sh" || die "publishing $bin failed (the .NET SDK is needed)"
  install -D -m 0755 "$repo/$bin" "$root/$dest"
done
"$here/lib/finish-rootfs.sh" "$root" "$version"
"$here/lib/check-elf.sh" "$root"

# 6. The initramfs: sorted newc cpio, owner root, fixed mtimes; zstd (one frame, a 128 MiB window the
#    kernel's decoder allocates while it unpacks) or xz (crc32 check for the kernel, x86 BCJ filter).
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
(cd "$root" && find . -mindepth 1 | sort | cpio -o -H newc -R 0:0 --reproducible --quiet) >"$work/initrd.cpio"
if [[ $compression == zstd ]]; then
  zstd -q -T"$threads" -19 --long=27 --no-progress -c <"$work/initrd.cpio" >"$work/iso/boot/initrd.img"
else
  xz -T"$threads" --check=crc32 --x86 --lzma2=preset=9,dict=64MiB <"$work/initrd.cpio" >"$work/iso/boot/initrd.img"
fi
log "initramfs: $(( $(stat -c %s "$work/initrd.cpio") / 1048576 )) MiB unpacked, $(( $(stat -c %s "$work/iso/boot/initrd.img") / 1048576 )) MiB $compression"

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
cp "$root/usr/share/boot2podman/packages" "$out.packages"
log "wrote $out: $(stat -c %s "$out") bytes, sha256 $(sha256sum "$out" | cut -d' ' -f1)"
