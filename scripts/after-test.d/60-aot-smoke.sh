#!/usr/bin/env bash
# NativeAOT smoke test of the generated code: publishes tests/Varlink.Net.TypedCertification with
# PublishAot (typed client and server from Varlink.Net.Generator, no reflection) and runs it, which
# drives the typed client against the typed server over a unix socket through every certification
# step. Fails on any trimming or AOT warning, or when the program does not exit 0.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/artifacts/aot-smoke
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet publish "$root/tests/Varlink.Net.TypedCertification/Varlink.Net.TypedCertification.csproj" \
  -c Release -r linux-x64 -p:GenerateDocumentationFile=false -o "$out" -nologo 2>&1 | tee "$log"
if grep -E 'warning IL[0-9]{4}' "$log"; then
  echo "aot-smoke: trimming/AOT warnings in the generated code (above)" >&2
  exit 1
fi
timeout 120 "$out/Varlink.Net.TypedCertification"
echo "aot-smoke: $(du -h "$out/Varlink.Net.TypedCertification" | cut -f1) NativeAOT binary passed the typed certification"
