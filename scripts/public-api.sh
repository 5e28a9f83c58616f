#!/usr/bin/env bash
# Brings the public API files in line with the code, as the public API analyzers (Directory.Build.targets)
# report it: builds each guarded src/ library without treating warnings as errors, appends every symbol
# of an RS0016 diagnostic ("not part of the declared public API") to that library's
# PublicAPI.Unshipped.txt (PublicAPI.Shipped.txt with --shipped), and deletes the line of every symbol of
# an RS0017 diagnostic (declared, but no longer public). Review the diff before committing: it should
# list exactly the members you meant to add to or take from the public surface.
# Usage: scripts/public-api.sh [--shipped] [src/Library ...]   (default: every library with API files)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
file=PublicAPI.Unshipped.txt
if [[ "${1:-}" == "--shipped" ]]; then
  file=PublicAPI.Shipped.txt
  shift
fi

if [[ $# -eq 0 ]]; then
  set -- $(ls -d src/*/ | while read -r d; do [[ -f "$d/PublicAPI.Shipped.txt" ]] && echo "${d%/}"; done)
fi

for dir in "$@"; do
  project=$(ls "$dir"/*.csproj)
  # --no-incremental: diagnostics come only from a compilation that runs.
  log=$(dotnet build "$project" -c Release --no-incremental -nologo -p:TreatWarningsAsErrors=false 2>&1 || true)
  ours=$(grep -F "[$root/$project]" <<<"$log" || true)
  gone=$(sed -n "s/.*warning RS0017: Symbol '\(.*\)' is part of the declared API, but is either not public or could not be found.*/\1/p" <<<"$ours" | sort -u)
  if [[ -n "$gone" ]]; then
    for api in "$dir/PublicAPI.Shipped.txt" "$dir/PublicAPI.Unshipped.txt"; do
      grep -vxF -f <(printf '%s\n' "$gone") "$api" >"$api.tmp" || true
      mv "$api.tmp" "$api"
    done
    echo "$dir: $(wc -l <<<"$gone") symbol(s) no longer public, removed from the API files"
  fi

  symbols=$(sed -n "s/.*warning RS0016: Symbol '\(.*\)' is not part of the declared public API.*/\1/p" <<<"$ours" | sort -u)
  if [[ -z "$symbols" ]]; then
    echo "$dir: nothing undeclared"
    continue
  fi

  printf '%s\n' "$symbols" >>"$dir/$file"
  # Keep the file sorted below its "#nullable enable" line, as the analyzer's own code fix does.
  { head -n 1 "$dir/$file"; tail -n +2 "$dir/$file" | LC_ALL=C sort -u; } >"$dir/$file.tmp"
  mv "$dir/$file.tmp" "$dir/$file"
  echo "$dir: $(wc -l <<<"$symbols") symbol(s) added to $file"
done
