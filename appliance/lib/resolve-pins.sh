#!/usr/bin/env bash
# Resolves the manifest's pins against what Debian serves now (the host's apt lists):
#   appliance/lib/resolve-pins.sh MANIFEST [CACHE_DIR]   → stdout: "NAME VERSION" per package, sorted
# One line per package that did not stay as pinned goes to stderr ("resolve: drift: ...",
# "resolve: kernel: ..."); the exit code is 1 (with every unresolvable package named) when a pin
# cannot be honoured under the rules below.
#
# A pin is used as it is when its .deb is already in CACHE_DIR or Debian still serves that version.
# Otherwise, unless BOOT2PODMAN_STRICT_PINS=1 (then the build fails here):
#   drift   the newest served version of the same package with the same epoch and upstream version
#           and a newer Debian revision or security suffix (2.38.1-5+deb12u2 → 2.38.1-5+deb12u3,
#           6.1.192-2 → 6.1.192-3, 20250419~deb12u2 → 20250419~deb12u3); never an older one.
#   kernel  the kernel's packages move together with the `kernel META` line's metapackage: when a
#           pin of the kernel image (linux-image-*) or built from its sources (Source: linux or linux-signed-amd64, e.g.
#           linux-image-6.1.0-56-amd64, bpftool, hyperv-daemons) has no drift candidate, the kernel
#           image becomes the one META depends on now (the ABI number in the package name moves:
#           linux-image-6.1.0-56-amd64 → linux-image-6.1.0-57-amd64), as long as it stays in the
#           same kernel series (6.1.x); the other kernel-source packages take the version built from
#           that same upload. Debian's stable kernel updates move the upstream point release, so
#           holding them to "same upstream" would break the build at every kernel security update.
# Anything else not served (a different upstream version, a package Debian dropped) fails, naming
# the package: run appliance/update-manifest.sh to re-resolve the closure on purpose.
set -euo pipefail
manifest=${1:?usage: resolve-pins.sh MANIFEST [CACHE_DIR]}
cache=${2:-}
strict=${BOOT2PODMAN_STRICT_PINS:-0}
say() { printf 'resolve: %s\n' "$*" >&2; }

mapfile -t pins < <(awk '$1=="pin"{print $2, $3}' "$manifest")
((${#pins[@]})) || { say "error: no pin lines in $manifest"; exit 1; }
meta=$(awk '$1=="kernel"{print $2}' "$manifest")
# Every `want` must have its pin: a want line added without re-running update-manifest.sh is a
# manifest out of date, not something to guess around.
unpinned=$(awk '$1=="pin"{p[$2]=1} $1=="want"{w[$2]=1} END{for(n in w) if(!(n in p)) print n}' "$manifest" | sort | tr '\n' ' ')
if [[ -n $unpinned ]]; then
  say "error: wanted but not pinned: $unpinned(run appliance/update-manifest.sh after editing want lines)"
  exit 1
fi

# Every version the archive serves of these names (an empty dpkg status, so nothing installed on
# this host passes for served): "name version source source-version depends-of-meta".
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/status"
names=()
for p in "${pins[@]}"; do names+=("${p%% *}"); done
[[ -n $meta ]] && names+=("$meta")
{ apt-cache -o Dir::State::status="$tmp/status" show "${names[@]}" 2>/dev/null || true; } |
  awk '/^Package:/{p=$2} /^Version:/{v=$2} /^Source:/{s=$2; sv=$3; gsub(/[()]/,"",sv)}
       /^Depends:/{d=$0; sub(/^Depends: */,"",d); gsub(/ /,"",d)}
       /^$/{if(p!=""){ if(s==""){s=p}; if(sv==""){sv=v}; print p, v, s, sv, (d==""?"-":d)}; p=v=s=sv=d=""}
       END{if(p!=""){ if(s==""){s=p}; if(sv==""){sv=v}; print p, v, s, sv, (d==""?"-":d)}}' |
  sort -u >"$tmp/served"

# base VERSION: epoch + upstream, the part a Debian revision or security update does not change.
base() {
  local v=$1 epoch=""
  [[ $v == *:* ]] && { epoch=${v%%:*}:; v=${v#*:}; }
  if [[ $v == *-* ]]; then v=${v%-*}; else v=$(sed -E 's/([+~](deb[0-9]+u[0-9]+|b[0-9]+))+$//' <<<"$v"); fi
  printf '%s%s' "$epoch" "$v"
}
served() { awk -v n="$1" -v v="$2" '$1==n && $2==v{f=1} END{exit !f}' "$tmp/served"; }
cached() { [[ -n $cache ]] && compgen -G "$cache/${1}_${2//:/%3a}_*.deb" >/dev/null; }
# newest VERSION... : the highest of the given versions (dpkg's ordering)
newest() {
  local best="" v
  for v in "$@"; do
    if [[ -z $best ]] || dpkg --compare-versions "$v" gt "$best"; then best=$v; fi
  done
  printf '%s' "$best"
}
is_kernel_source() { [[ $1 == linux-image-* ]] || awk -v n="$1" '$1==n && ($3=="linux" || $3=="linux-signed-amd64"){f=1} END{exit !f}' "$tmp/served"; }

resolved=() failed=() deferred=()
for p in "${pins[@]}"; do
  name=${p%% *} ver=${p#* }
  if cached "$name" "$ver" || served "$name" "$ver"; then resolved+=("$name $ver"); continue; fi
  if [[ $strict == 1 ]]; then failed+=("$name $ver (not served; strict mode takes no other version)"); continue; fi
  b=$(base "$ver")
  mapfile -t cands < <(awk -v n="$name" '$1==n{print $2}' "$tmp/served" | while read -r c; do
    [[ $(base "$c") == "$b" ]] && dpkg --compare-versions "$c" gt "$ver" && echo "$c"; done)
  if ((${#cands[@]})); then
    new=$(newest "${cands[@]}")
    say "drift: $name $ver → $new (not served any more; same upstream $b, newer Debian revision)"
    resolved+=("$name $new")
  elif [[ -n $meta ]] && is_kernel_source "$name"; then
    deferred+=("$name $ver")
  else
    failed+=("$name $ver (not served, and Debian serves no newer revision of $b; run appliance/update-manifest.sh)")
  fi
done

# The kernel family, when one of its pins has no drift candidate: follow META to the current kernel.
if ((${#deferred[@]})); then
  metaver=$(newest $(awk -v n="$meta" '$1==n{print $2}' "$tmp/served"))
  dep=$(awk -v n="$meta" -v v="$metaver" '$1==n && $2==v{print $5}' "$tmp/served")
  kname=$(sed -nE 's/^(linux-image-[^(,|]+)\(=([^)]+)\).*/\1/p' <<<"$dep")
  kver=$(sed -nE 's/^(linux-image-[^(,|]+)\(=([^)]+)\).*/\2/p' <<<"$dep")
  if [[ -z $metaver || -z $kname ]]; then
    for d in "${deferred[@]}"; do failed+=("$d (not served; the kernel metapackage '$meta' names no kernel image: ${dep:-not served})"); done
  else
    # the same kernel series: upstream major.minor of the new image equals the pinned one's
    series() { sed -E 's/^([0-9]+\.[0-9]+).*/\1/' <<<"$(base "$1")"; }
    # apt-cache show did not list the new image yet if its name is not among the pins
    { apt-cache -o Dir::State::status="$tmp/status" show "$kname=$kver" 2>/dev/null || true; } |
      awk -v n="$kname" -v v="$kver" '/^Source:/{s=$2} END{print n, v, (s==""?n:s), v, "-"}' >>"$tmp/served"
    for d in "${deferred[@]}"; do
      name=${d%% *} ver=${d#* }
      if [[ $name == linux-image-* ]]; then
        if [[ $(series "$ver") != $(series "$kver") ]]; then
          failed+=("$d (the kernel moved to another series, $kname $kver; run appliance/update-manifest.sh)")
          continue
        fi
        say "kernel: $name $ver → $kname $kver (not served any more; followed $meta $metaver)"
        resolved+=("$kname $kver")
      else
        # the version of this package built from the same kernel upload (source version = kver)
        new=$(awk -v n="$name" -v k="$kver" '$1==n && ($4==k || $2==k){print $2}' "$tmp/served" | head -n1)
        if [[ -z $new ]]; then
          failed+=("$d (not served, and no version of it was built from the kernel upload $kver)")
          continue
        fi
        say "kernel: $name $ver → $new (not served any more; built from the same upload as $kname $kver)"
        resolved+=("$name $new")
      fi
    done
  fi
fi

if ((${#failed[@]})); then
  for f in "${failed[@]}"; do say "error: $f"; done
  say "error: ${#failed[@]} of ${#pins[@]} pins cannot be honoured"
  exit 1
fi
printf '%s\n' "${resolved[@]}" | sort -u
