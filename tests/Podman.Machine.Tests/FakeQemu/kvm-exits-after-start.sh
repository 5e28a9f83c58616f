#!/usr/bin/env bash
# Fake qemu that daemonizes under -accel kvm and then dies before the guest printed anything (qemu
# aborting in the vCPU thread); under TCG it boots like sshd-appliance.sh. Starts go to launches.log.
set -euo pipefail
args=("$@")
source "$(dirname "$0")/args.sh"
echo "${args[*]}" >> "$(dirname "$pidfile")/launches.log"
if [[ " ${args[*]} " == *" -accel kvm "* ]]; then
  : > "$console"
  setsid bash -c 'sleep 2; true' fake-qemu -pidfile "$pidfile" </dev/null >/dev/null 2>&1 &
  write_pidfile $!
  exit 0
fi
exec "$(dirname "$0")/sshd-appliance.sh" "${args[@]}"
