#!/usr/bin/env bash
# Keeps only the kernel modules named in a list (plus everything they depend on), then re-runs
# depmod so modprobe and modalias coldplugging see exactly that set.
#   trim-modules.sh ROOT KVER LIST
set -euo pipefail
root=$1 kver=$2 list=$3
mods=$root/usr/lib/modules/$kver
depmod -b "$root" "$kver"
# the wanted modules (paths relative to $mods), one per line
wanted=$(mktemp); trap 'rm -f "$wanted"' EXIT
while read -r entry; do
  entry=${entry%%#*}; entry=${entry//[[:space:]]/}
  [[ -z $entry ]] && continue
  if [[ $entry == */ ]]; then
    found=$(cd "$mods" && find "kernel/$entry" -name '*.ko' | sort)
    [[ -n $found ]] || { echo "trim-modules: no modules under kernel/$entry" >&2; exit 1; }
  else
    found=$(awk -F: -v n="$entry" '{f=$1; sub(/.*\//,"",f); sub(/\.ko$/,"",f); gsub(/-/,"_",f); if (f==n) print $1}' "$mods/modules.dep")
    if [[ -z $found ]]; then
      grep -qE "/${entry//_/[-_]}\.ko$" "$mods/modules.builtin" && continue
      echo "trim-modules: module $entry is neither a module nor built in" >&2; exit 1
    fi
  fi
  printf '%s\n' $found >>"$wanted"
done <"$list"
# close over modules.dep ("path: dep dep ...") and delete every other module
awk -F': *' 'NR==FNR { deps[$1]=$2; next } { want[$1]=1 }
  END {
    n=0; for (m in want) queue[n++]=m
    for (i=0; i<n; i++) { c=split(deps[queue[i]], d, " "); for (j=1; j<=c; j++) if (!(d[j] in want)) { want[d[j]]=1; queue[n++]=d[j] } }
    for (m in want) print m
  }' "$mods/modules.dep" "$wanted" | sort >"$wanted.keep"
(cd "$mods" && find kernel -name '*.ko' | sort) | comm -23 - "$wanted.keep" | (cd "$mods" && xargs -r rm -f)
echo "trim-modules: kept $(wc -l <"$wanted.keep") modules" >&2
rm -f "$wanted.keep"
find "$mods/kernel" -type d -empty -delete
rm -f "$mods"/modules.*.bin "$mods"/modules.dep "$mods"/modules.alias "$mods"/modules.symbols "$mods"/modules.devname "$mods"/modules.softdep
depmod -b "$root" "$kver"
rm -rf "$root/boot"
