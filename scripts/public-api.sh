#!/usr/bin/env bash
# Declares public API that the public API analyzers (Directory.Build.targets) report as undeclared:
# builds each guarded src/ library without treating warnings as errors, and appends every symbol of
# an RS0016 diagnostic ("not part of the declared public API") to that library's
# PublicAPI.Unshipped.txt (PublicAPI.Shipped.txt with --shipped). Review the diff before committing:
# it should list exactly the members you meant to make public. Removed members (RS0017) are not
# touched: delete their lines by hand.
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
  symbols=$(grep -F "[$root/$project]" <<<"$log" \
    | sed -n "s/.*warning RS0016: Symbol '\(.*\)' is not part of the declared public API.*/\1/p" | sort -u)
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
