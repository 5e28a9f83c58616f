#!/usr/bin/env bash
# The peer comparison in its short mode (1 repetition, 1 s per figure), so that it cannot rot: fails
# when a pair does not run, a figure is missing or a reply is wrong; never because something is slow.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
exec bash "$root/benchmarks/compare.sh" --short
