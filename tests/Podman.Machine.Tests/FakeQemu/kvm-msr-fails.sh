#!/usr/bin/env bash
# Fake qemu for a host whose /dev/kvm passes the probe but cannot run a guest: under -accel kvm it exits
# at once as qemu 7.2 does there (-cpu host: "failed to set MSR"); under TCG it boots like sshd-appliance.sh.
set -euo pipefail
source "$(dirname "$0")/args.sh"
record_launch
if [[ $accel == kvm ]]; then
  echo "qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69" >&2
  echo "qemu-system-x86_64: ../../target/i386/kvm/kvm.c:3183: kvm_buf_set_msrs: Assertion \`ret == cpu->kvm_msr_buf->nmsrs' failed." >&2
  exit 1
fi
exec "$(dirname "$0")/sshd-appliance.sh" "${all_args[@]}"
