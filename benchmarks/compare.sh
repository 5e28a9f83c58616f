#!/usr/bin/env bash
# The peer comparison of issue 6: every {Varlink.Net (bare connection, inline, VarlinkClient), Go} client × {Varlink.Net, Varlink.Net AOT, Go}
# server of org.example.bench over a unix socket, plus the raw floor (C, socket pair), in one run.
# Prints a Markdown table (median and min–max of the repetitions, ratios Varlink.Net / Go, goals) and
# writes it to artifacts/bench/comparison.md, every sample to artifacts/bench/samples.tsv.
#
# Usage: benchmarks/compare.sh [--short] [--repetitions N] [--duration S]
#   default  5 repetitions of 2 s per figure (a few minutes)
#   --short  1 repetition of 1 s per figure: what CI runs so the comparison cannot rot; it fails when
#            a figure is missing or a reply is wrong, never because something is slow.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out=$root/artifacts/bench
reps=5 duration=2
while (($#)); do
  case $1 in
    --short) reps=1 duration=1 ;;
    --repetitions) reps=${2:?}; shift ;;
    --duration) duration=${2:?}; shift ;;
    *) echo "usage: $0 [--short] [--repetitions N] [--duration S]" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$out"

echo "== compare: building the peers" >&2
bash scripts/prepare.d/10-go-peers.sh >&2
go=${VARLINK_GO_PEERS:-$root/artifacts/peers/go}
gcc -O2 -Wall -Wextra -Werror -o "$out/pingpong" benchmarks/floor/pingpong.c
dotnet build benchmarks/Varlink.Net.PeerComparison -c Release -nologo -clp:ErrorsOnly -o "$out/runner" >&2
# Our bench peers (the core's test peers: org.example.bench server and client) twice: on the JIT
# (framework-dependent) and published NativeAOT.
peer=tests/Varlink.Net.TestPeers
dotnet publish "$peer" -c Release -nologo -clp:ErrorsOnly -p:PublishAot=false -o "$out/dotnet" >&2
dotnet publish "$peer" -c Release -nologo -clp:ErrorsOnly -p:PublishAot=true -o "$out/aot" >&2
ours=$out/dotnet/Varlink.Net.TestPeers aot=$out/aot/Varlink.Net.TestPeers

peers=(--client "Go=$go/bench-client" --client "Varlink.Net=$ours bench-client"
       --client "Varlink.Net inline=$ours bench-client --continuations inline"
       --client "VarlinkClient=$ours bench-client --client varlinkclient"
       --server "Go=$go/bench-server" --server "Varlink.Net=$ours serve-bench" --server "Varlink.Net AOT=$aot serve-bench")

echo "== compare: $reps repetition(s) of $duration s per figure" >&2
# The socket lives in a short private directory (unix socket paths are limited to 108 bytes).
work=$(mktemp -d /tmp/varlink-compare.XXXXXX)
trap 'rm -rf "$work"' EXIT
dotnet "$out/runner/Varlink.Net.PeerComparison.dll" "${peers[@]}" --floor "$out/pingpong" \
  --repetitions "$reps" --duration "$duration" --work "$work" \
  --out "$out/comparison.md" --samples "$out/samples.tsv"
