#!/usr/bin/env bash
# Publishes the io.podman service (src/Podman.Server) NativeAOT to artifacts/podman-server/podman-server:
# one native binary for the appliance (no .NET runtime in the ISO). Skipped when the sources it is built
# from (the project, Varlink.Net, the generator, the interface, the shared build files) hash as they did
# for the binary there.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/artifacts/podman-server
src=$root/src/Podman.Server
inputs=$(cd "$root" && find src/Podman.Server src/Varlink.Net src/Varlink.Net.Generator src/Podman.Interface \
    \( -name bin -o -name obj \) -prune -o -type f -print | LC_ALL=C sort; ls Directory.Build.* Directory.Packages.props global.json)
key=$(cd "$root" && xargs sha256sum <<<"$inputs" | sha256sum | cut -d' ' -f1)
if [[ -x $out/podman-server && -f $out/inputs && $(cat "$out/inputs") == "$key" ]]; then
  exit 0
fi
dotnet publish "$src/Podman.Server.csproj" -c Release -r linux-x64 -o "$out" -nologo -clp:ErrorsOnly \
  -p:GenerateDocumentationFile=false
rm -f "$out/podman-server.dbg"
echo "$key" >"$out/inputs"
echo "podman-server: $(du -h "$out/podman-server" | cut -f1) NativeAOT binary at $out/podman-server"
