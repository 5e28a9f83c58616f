#!/usr/bin/env bash
# Re-resolves the pins of appliance/manifest: the dependency closure (no recommends) of the "want"
# packages as apt sees it today, minus the "skip" packages, written back as sorted "pin" lines.
# Uses the host's apt lists (run apt-get update first) and an empty dpkg status, so nothing of the
# build machine leaks into the result.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
manifest=$here/manifest
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/status"
# the kernel metapackage (`kernel META`) is wanted for the kernel image it depends on, not unpacked
mapfile -t want < <(awk '$1=="want"||$1=="kernel"{print $2}' "$manifest")
awk '$1=="skip"||$1=="kernel"{print $2}' "$manifest" | sort -u >"$tmp/skip"
apt-get -s -o Dir::State::status="$tmp/status" -o APT::Get::Show-Versions=1 \
  install --no-install-recommends "${want[@]}" >"$tmp/sim"
awk '$1=="Inst"{v=$3; gsub(/[()]/,"",v); print $2, v}' "$tmp/sim" | sort -k1,1 >"$tmp/closure"
join -v1 "$tmp/closure" "$tmp/skip" | awk '{print "pin", $1, $2}' >"$tmp/pins"
grep -v '^pin ' "$manifest" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' >"$tmp/head"
{ cat "$tmp/head"; echo; cat "$tmp/pins"; } >"$manifest"
echo "update-manifest: $(wc -l <"$tmp/pins") packages pinned ($(wc -l <"$tmp/closure") in the closure)"
