#!/usr/bin/env bash
# Fake qemu that fails during start-up, after the guest printed a little.
set -euo pipefail
source "$(dirname "$0")/args.sh"
printf 'SeaBIOS (version fake)\r\nBooting from DVD/CD...\r\nKernel panic - not syncing: fake root fs missing\r\n' > "$console"
echo "qemu-system-x86_64: fake failure: could not open the disk" >&2
exit 1
