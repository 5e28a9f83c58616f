#!/usr/bin/env bash
# The kvm-silent.sh fake, but its KVM "qemu" dies a second after it daemonized, before the guest printed
# anything (as qemu does when its vCPU thread aborts).
FAKE_KVM_GUEST='sleep 1' exec "$(dirname "$0")/kvm-silent.sh" "$@"
