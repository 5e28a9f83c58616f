#!/usr/bin/env bash
# Fake qemu whose guest does not run under KVM while qemu stays up (as with "KVM internal error" in the
# boot loader): under -accel kvm it daemonizes a process that never prints on the console (it runs
# $FAKE_KVM_GUEST, by default forever) and notes its pid in kvm-guest.pid; under TCG it boots like
# sshd-appliance.sh.
set -euo pipefail
source "$(dirname "$0")/args.sh"
record_launch
if [[ $accel == kvm ]]; then
  : > "$console"
  setsid bash -c "${FAKE_KVM_GUEST:-while :; do sleep 1; done}; true" fake-qemu -pidfile "$pidfile" </dev/null >/dev/null 2>&1 &
  write_pidfile $!
  cp "$pidfile" "$(dirname "$pidfile")/kvm-guest.pid"
  exit 0
fi
exec "$(dirname "$0")/sshd-appliance.sh" "${all_args[@]}"
