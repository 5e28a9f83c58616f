#!/usr/bin/env bash
# Fake qemu whose guest does not run under KVM but qemu stays up (as with "KVM internal error" in the
# boot loader): under -accel kvm it daemonizes a process that never prints on the console, and notes its
# pid in kvm-guest.pid; under TCG it boots like sshd-appliance.sh. Starts are appended to launches.log.
set -euo pipefail
args=("$@")
source "$(dirname "$0")/args.sh"
echo "${args[*]}" >> "$(dirname "$pidfile")/launches.log"
if [[ " ${args[*]} " == *" -accel kvm "* ]]; then
  : > "$console"
  setsid bash -c 'while :; do sleep 1; done' fake-qemu -pidfile "$pidfile" </dev/null >/dev/null 2>&1 &
  write_pidfile $!
  cp "$pidfile" "$(dirname "$pidfile")/kvm-guest.pid"
  exit 0
fi
exec "$(dirname "$0")/sshd-appliance.sh" "${args[@]}"
