#!/usr/bin/env bash
# Writes MANIFEST with every pin's Debian revision moved to one that Debian does not serve, as a
# manifest looks after Debian's next security updates:  appliance/tests/age-pins.sh MANIFEST > AGED
# The last number of the revision goes one down (6.1.192-3 → 6.1.192-2, 8+deb12u1+b3 → 8+deb12u1+b2);
# when that version is still served, or the revision ends in 0, "~old" is appended instead
# (1.5.4+dfsg2-5 → 1.5.4+dfsg2-5~old). Native packages (no revision: netbase 6.4) stay as they are.
set -euo pipefail
manifest=${1:?usage: age-pins.sh MANIFEST}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
: >"$tmp"
served=$(apt-cache -o Dir::State::status="$tmp" madison $(awk '$1=="pin"{print $2}' "$manifest") 2>/dev/null |
  awk -F'|' '{gsub(/ /,"",$1); gsub(/ /,"",$2); print $1"="$2}' | sort -u)
while IFS= read -r line; do
  read -r kind name ver _ <<<"$line" || true
  if [[ $kind != pin || $ver != *-* ]]; then printf '%s\n' "$line"; continue; fi
  up=${ver%-*} rev=${ver##*-}
  old=$(sed -E 's/^(.*[^0-9])?([0-9]+)$/\1 \2/' <<<"$rev")
  prefix=${old% *} n=${old##* }
  if [[ $rev =~ [0-9]$ ]] && ((n > 0)); then aged="$up-$prefix$((n - 1))"; else aged="$ver~old"; fi
  if grep -qxF "$name=$aged" <<<"$served"; then aged="$ver~old"; fi
  printf 'pin %s %s\n' "$name" "$aged"
done <"$manifest"
