#!/usr/bin/env bash
# Publishes the varlink bridge program (src/Varlink.Bridge) NativeAOT to artifacts/bridge/varlink:
# a single native binary that `ssh host varlink bridge --connect unix:/path` can run on any Linux host
# (and that the appliance can ship). Skipped when the binary is newer than every source file.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/artifacts/bridge
src=$root/src/Varlink.Bridge
if [[ -x $out/varlink ]] && [[ -z $(find "$src" \( -path "$src/obj" -o -path "$src/bin" \) -prune -o \( -name '*.cs' -o -name '*.csproj' \) -newer "$out/varlink" -print) ]]; then
  exit 0
fi
dotnet publish "$src/Varlink.Bridge.csproj" -c Release -r linux-x64 -o "$out" -nologo -clp:ErrorsOnly \
  -p:GenerateDocumentationFile=false
rm -f "$out/varlink.dbg"
echo "varlink bridge: $(du -h "$out/varlink" | cut -f1) NativeAOT binary at $out/varlink"
