#!/usr/bin/env bash
# Fails when a program or library in the root needs a shared library that is not there; lists
# libraries nothing links against (candidates for "skip" lines; some are dlopen()ed).
#   check-elf.sh ROOT
set -euo pipefail
root=$1
cd "$root"
libdirs=(usr/lib/x86_64-linux-gnu usr/lib usr/lib64 usr/lib/x86_64-linux-gnu/xtables)
needed=$(mktemp); have=$(mktemp)
trap 'rm -f "$needed" "$have"' EXIT
find usr etc -type f -size +1k | sort | while read -r f; do
  head -c4 "$f" | grep -q $'^\x7fELF' || continue
  readelf -d "$f" 2>/dev/null | awk -v f="$f" '/\(NEEDED\)/{gsub(/[\[\]]/,"",$5); print $5, f}'
done | sort -u >"$needed"
missing=0
while read -r lib user; do
  found=
  for d in "${libdirs[@]}"; do [[ -e $d/$lib ]] && { found=1; break; }; done
  [[ -n $found ]] || { echo "check-elf: $user needs $lib, which is missing" >&2; missing=1; }
done <"$needed"
# shared libraries (by SONAME) that nothing links against; xtables plugins are dlopen()ed
find usr/lib/x86_64-linux-gnu usr/lib -maxdepth 1 -type f -name 'lib*.so*' | sort | while read -r f; do
  readelf -d "$f" 2>/dev/null | awk '/\(SONAME\)/{gsub(/[\[\]]/,"",$5); print $5}'
done | sort -u >"$have"
unused=$(comm -23 "$have" <(awk '{print $1}' "$needed" | sort -u) | grep -v '^libnss_\|^ld-linux\|^libc\.so\|^libBrokenLocale\|^libanl\|^libc_malloc\|^libmemusage\|^libpcprofile\|^libthread_db\|^libmvec\|^libutil\|^libdl\.\|^librt\.' | tr '\n' ' ')
[[ -z $unused ]] || echo "check-elf: no ELF file links these (dlopen only, or skip candidates): $unused" >&2
exit "$missing"
