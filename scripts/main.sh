#!/usr/bin/env bash
# The main job, from a fresh Debian 12 machine: build the appliance ISO, boot it under qemu and drive
# podman in it from .NET. Each step runs as far as the chain works today; see README "Status".
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
bash scripts/install-deps.sh
dotnet build Podman.Client.sln -c Release -nologo -clp:ErrorsOnly
echo "main: the solution builds; the appliance steps join as they land (README: Status)."
