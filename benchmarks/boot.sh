#!/usr/bin/env bash
# Boot benchmark of the appliance: N cold boots and N starts from a snapshot, each measured phase by
# phase (`podman-cli machine start --timings`: the guest's console phases with its uptime, and the
# host's steps with host time since `start`), then the median and min–max of each phase. Given a
# previous ISO, the same runs for it, its figures beside.
#   benchmarks/boot.sh [-n N] [--iso ISO] [--previous ISO [--previous-boot-iso] [--previous-cli DLL]] [--no-snapshot] [--boot-iso]
#     -n N          boots per mode and ISO (default 5)
#     --iso         the ISO to measure (default: $BOOT2PODMAN_ISO, else artifacts/boot2podman.iso)
#     --previous    an older ISO to measure the same way, printed beside
#     --no-snapshot cold boots only
#     --boot-iso    boot through the ISO's boot loader instead of the direct kernel boot
#     --previous-boot-iso  the same for the previous ISO only (how main booted before direct boot)
#     --previous-cli DLL   the previous ISO's machines run by this podman-cli.dll (an older checkout's build,
#                   e.g. main's samples/Podman.Cli/bin/Release/net10.0/podman-cli.dll): host-side changes
#                   (Podman.Machine) measured against the code before them, boot by boot
#     --memory MiB  guest memory (default 2048)
# Cold boot: a machine with a data disk, booted once first (that boot formats the disk; shown as
# "first boot"), then stopped and started again N times. Snapshot: that machine, running and ready after
# its first boot, saved once; then N machines made from the snapshot, each started (resumed) and removed.
# With --previous the two ISOs take turns, boot by boot, so that both see the same moving load.
# Every sample goes to artifacts/bench/boot-samples.tsv, the tables to stdout and
# artifacts/bench/boot.md; progress to stderr. Other work on the host changes the figures: the load
# average is printed with them. Run VM benchmarks one at a time (flock /work/locks/vm ... if shared).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=5 iso=${BOOT2PODMAN_ISO:-$root/artifacts/boot2podman.iso} previous= snapshots=1 memory=2048 previous_cli=
current_flags=() previous_flags=()
while (($#)); do
  case $1 in
    -n) runs=$2; shift 2 ;;
    --iso) iso=$2; shift 2 ;;
    --previous) previous=$2; shift 2 ;;
    --no-snapshot) snapshots=0; shift ;;
    --boot-iso) current_flags+=(--boot-iso); previous_flags+=(--boot-iso); shift ;;
    --previous-boot-iso) previous_flags=(--boot-iso); shift ;;
    --previous-cli) previous_cli=$2; shift 2 ;;
    --memory) memory=$2; shift 2 ;;
    *) echo "boot.sh: unknown argument '$1' (see the header of $0)" >&2; exit 64 ;;
  esac
done
[[ $runs =~ ^[1-9][0-9]?$ ]] || { echo "boot.sh: -n takes 1 to 99, not '$runs'" >&2; exit 64; }
[[ -z $previous_cli || -s $previous_cli ]] || { echo "boot.sh: no podman-cli at $previous_cli" >&2; exit 66; }
for f in "$iso" ${previous:+"$previous"}; do
  [[ -s $f ]] || { echo "boot.sh: no ISO at $f" >&2; exit 66; }
done

out=$root/artifacts/bench
mkdir -p "$out"
samples=$out/boot-samples.tsv
work=$(mktemp -d "${TMPDIR:-/tmp}/boot-bench.XXXXXX")
store=$work/machines
trap 'for m in $(ls "$store" 2>/dev/null); do cli machine rm "$m" --store "$store" >/dev/null 2>&1 || cli_of previous machine rm "$m" --store "$store" >/dev/null 2>&1 || true; done; rm -rf "$work"' EXIT

dotnet build "$root/samples/Podman.Cli/Podman.Cli.csproj" -c Release -nologo -clp:ErrorsOnly -v:q >&2
cli() { dotnet "$root/samples/Podman.Cli/bin/Release/net10.0/podman-cli.dll" "$@"; }
# cli_of LABEL ARGS: the podman-cli that runs LABEL's machines (--previous-cli for the previous ISO's)
cli_of() {
  local label=$1; shift
  if [[ $label == previous && -n $previous_cli ]]; then dotnet "$previous_cli" "$@"; else cli "$@"; fi
}
log() { printf 'boot.sh: %s (load %s)\n' "$*" "$(cut -d' ' -f1-3 /proc/loadavg)" >&2; }

# start LABEL MODE MACHINE: start with --timings, append "label mode run phase guest host" lines
start() {
  local label=$1 mode=$2 name=$3 run=$4 text flags=("${current_flags[@]}")
  [[ $label == current ]] || flags=("${previous_flags[@]}")
  text=$(cli_of "$label" machine start "$name" --store "$store" --timings --timeout 600 "${flags[@]}")
  printf '%s\n' "$text" | sed -n 's/^machine .* is ready after \([0-9.]*\) s.*/  ready after \1 s/p' >&2
  # the table: "phase  guest  host" after the "ready after" line
  printf '%s\n' "$text" | awk -v l="$label" -v m="$mode" -v r="$run" '
    started && NF >= 3 { host = $NF; guest = $(NF - 1); $NF = ""; $(NF - 1) = ""; sub(/ +$/, ""); gsub(/ /, "_");
                         printf "%s\t%s\t%s\t%s\t%s\t%s\n", l, m, r, $0, guest, host }
    /^phase +guest s +host s/ { started = 1 }' >>"$samples"
}

# The ISOs alternate, boot by boot (current, previous, current, ...): the host's load moves during a run, and
# each pair of neighbouring boots sees about the same load. One VM at a time.
labels=(current); images=("$iso")
[[ -z $previous ]] || { labels+=(previous); images+=("$previous"); }
: >"$samples"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for k in "${!labels[@]}"; do
  label=${labels[k]}
  log "$label: create with a data disk, first boot (${images[k]})"
  cli_of "$label" machine create "$label" --store "$store" --iso "${images[k]}" --memory "$memory" --accel tcg >/dev/null
  start "$label" "first boot" "$label" 1
  if ((snapshots)); then
    log "$label: saving a snapshot of the first boot"
    cli_of "$label" machine snapshot "$label" "$work/snap-$label" --store "$store" >&2
  fi
  cli_of "$label" machine stop "$label" --store "$store" >/dev/null
done
for ((i = 1; i <= runs; i++)); do
  for label in "${labels[@]}"; do
    log "$label: cold boot $i/$runs"
    start "$label" cold "$label" "$i"
    cli_of "$label" machine stop "$label" --store "$store" >/dev/null
  done
done
if ((snapshots)); then
  for ((i = 1; i <= runs; i++)); do
    for label in "${labels[@]}"; do
      log "$label: start from the snapshot $i/$runs"
      cli_of "$label" machine create "$label-clone$i" --store "$store" --from-snapshot "$work/snap-$label" >/dev/null
      start "$label" snapshot "$label-clone$i" "$i"
      cli_of "$label" machine rm "$label-clone$i" --store "$store" >/dev/null
    done
  done
fi
for label in "${labels[@]}"; do cli_of "$label" machine rm "$label" --store "$store" >/dev/null; done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# The tables: for each mode, each phase (in the order first seen) with median [min–max] of the host
# time (s since start) and of the guest uptime, per ISO.
report() {
  echo "# Boot phases under TCG, $runs runs per mode ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average before $load_before, after $load_after)"
  echo
  echo "current: $iso ($(stat -c %s "$iso") bytes)${previous:+; previous: $previous ($(stat -c %s "$previous") bytes)}${previous_cli:+; previous machines run by $previous_cli}"
  echo "host: seconds since \`machine start\` when the host saw the phase; guest: the guest's uptime it printed."
  awk -F'\t' -v prev="$previous" '
    function median(list, n,   a, i, j, t) {
      n = split(list, a, " ")
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      lo = a[1]; hi = a[n]
      return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    function cell(list,   m) {
      if (list == "") return "-"
      m = median(list)
      return sprintf("%.2f [%.2f–%.2f]", m, lo, hi)
    }
    {
      key = $2 SUBSEP $4
      if (!(key in seen)) { seen[key] = 1; order[$2] = order[$2] SUBSEP $4; if (!($2 in modes)) { modes[$2] = 1; modelist[++nm] = $2 } }
      host[$1, $2, $4] = host[$1, $2, $4] " " $6
      if ($5 != "-") guest[$1, $2, $4] = guest[$1, $2, $4] " " $5
    }
    END {
      for (k = 1; k <= nm; k++) {
        mode = modelist[k]
        printf "\n## %s\n\n", mode
        if (prev != "") {
          print "| phase | host s (current) | guest s (current) | host s (previous) | guest s (previous) |"
          print "|---|---|---|---|---|"
        } else {
          print "| phase | host s | guest s |"
          print "|---|---|---|"
        }
        n = split(substr(order[mode], 2), phases, SUBSEP)
        for (i = 1; i <= n; i++) {
          p = phases[i]; name = p; gsub(/_/, " ", name)
          line = sprintf("| %s | %s | %s |", name, cell(host["current", mode, p]), cell(guest["current", mode, p]))
          if (prev != "") line = line sprintf(" %s | %s |", cell(host["previous", mode, p]), cell(guest["previous", mode, p]))
          print line
        }
      }
    }' "$samples"
}
report | tee "$out/boot.md"
