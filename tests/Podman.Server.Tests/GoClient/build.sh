#!/usr/bin/env bash
# Builds the Go io.podman client the conformance test runs: generates Go bindings from
# io.podman.varlink with varlink-go-interface-generator (Debian package varlink-go) into OUT, then
# builds main.go against them and the varlink Go module of golang-github-varlink-go-dev, offline
# (GOPATH mode over /usr/share/gocode). Nothing generated is kept in the repository.
# Usage: build.sh IO_PODMAN_VARLINK OUT [MAIN_GO]      → OUT/gopodman (MAIN_GO: another program, default main.go)
set -euo pipefail
idl=${1:?usage: build.sh IO_PODMAN_VARLINK OUT}
out=${2:?usage: build.sh IO_PODMAN_VARLINK OUT}
here=$(cd "$(dirname "$0")" && pwd)
for tool in varlink-go-interface-generator go; do
  command -v "$tool" >/dev/null || { echo "build.sh: $tool is missing (scripts/deps.d/go-peers.txt)" >&2; exit 1; }
done
[[ -d /usr/share/gocode/src/github.com/varlink/go/varlink ]] || { echo "build.sh: golang-github-varlink-go-dev is missing" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
src=$out/gopath/src/gopodman
rm -rf "$src"
mkdir -p "$src/iopodman"
cp "$idl" "$src/iopodman/io.podman.varlink"
(cd "$src/iopodman" && varlink-go-interface-generator io.podman.varlink >/dev/null)
cp "${3:-$here/main.go}" "$src/main.go"
cp "$here/common.go" "$src/common.go"
export GOPATH=$out/gopath:/usr/share/gocode GO111MODULE=off GOPROXY=off GOFLAGS= GOCACHE=$out/gocache
(cd "$src" && go build -o "$out/gopodman" .)
echo "$out/gopodman"
