#!/usr/bin/env bash
# The sshd fake appliance, serving a host key other than the pinned one.
FAKE_WRONG_HOSTKEY=1 exec "$(dirname "$0")/sshd-appliance.sh" "$@"
