#!/usr/bin/env bash
# Peak RSS of one bench server under the Go bench client, a few runs, and their median.
#   bash benchmarks/server-rss.sh SERVER [RUNS] [TESTS]
# SERVER is a Varlink.Net.TestPeers binary (run as `SERVER serve-bench --varlink ADDRESS`) or the Go
# bench-server (any path ending in bench-server; run as `SERVER --varlink ADDRESS`). TESTS defaults
# to the full set of the comparison (seq,pipe,stream,echo; echo is 1 MiB). The client runs 1 s per
# figure. Each run starts a fresh server under /usr/bin/time -v and stops it with SIGTERM.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
server=${1:?usage: server-rss.sh SERVER [RUNS] [TESTS]}
runs=${2:-3}
tests=${3:-seq,pipe,stream,echo}
client=${VARLINK_GO_PEERS:-$root/artifacts/peers/go}/bench-client
[[ -x $client ]] || { echo "missing $client: run bash scripts/prepare.d/10-go-peers.sh" >&2; exit 1; }
subcommand=(serve-bench)
[[ $server == *bench-server ]] && subcommand=()
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
values=()
for run in $(seq 1 "$runs"); do
  sock=$work/s$run.sock
  /usr/bin/time -v -o "$work/time$run" "$server" "${subcommand[@]}" --varlink "unix:$sock" 2>"$work/server$run.log" &
  timer=$!
  for _ in $(seq 1 200); do [[ -S $sock ]] && break; sleep 0.05; done
  timeout 120 "$client" --varlink "unix:$sock" --duration 1 --tests "$tests" >"$work/client$run.log" 2>&1 \
    || { echo "run $run: the client failed:" >&2; cat "$work/client$run.log" >&2; }
  pkill -TERM -P "$timer" || true
  timeout 30 tail --pid="$timer" -f /dev/null || { pkill -KILL -P "$timer" || true; }
  wait "$timer" || true
  values+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time$run")")
done
sorted=$(printf '%s\n' "${values[@]}" | sort -n)
median=$(sed -n "$(( (runs + 1) / 2 ))p" <<<"$sorted")
echo "peak RSS KiB: $(tr '\n' ' ' <<<"$sorted")median $median KiB ($(awk "BEGIN { printf \"%.1f\", $median / 1024 }") MiB)"
