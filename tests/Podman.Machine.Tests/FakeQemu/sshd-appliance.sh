#!/usr/bin/env bash
# Fake qemu whose "guest" is a real OpenSSH sshd on the forwarded 127.0.0.1 port, configured from the
# fw_cfg files the way the appliance is (host key, root's authorized_keys), with a stand-in podman.
# FAKE_WRONG_HOSTKEY=1 serves a different host key than the one handed over.
set -euo pipefail
source "$(dirname "$0")/args.sh"
state=$(dirname "$pidfile")/fake-guest
mkdir -p "$state/bin" /run/sshd
printf '#!/bin/sh\necho "fake podman $*"\n' > "$state/bin/podman"
# a stand-in for the appliance's bridge to io.podman: answers GetVersion, then waits for the client to leave
printf '#!/bin/bash\nIFS= read -r -d "" call\nprintf "{\\"parameters\\":{\\"version\\":\\"1.9.3-fake\\"}}\\0"\ncat >/dev/null\n' > "$state/bin/varlink"
chmod +x "$state/bin/podman" "$state/bin/varlink"
if [[ ${FAKE_WRONG_HOSTKEY:-} == 1 ]]; then
  rm -f "$state/other_key" "$state/other_key.pub"
  ssh-keygen -q -t ed25519 -N '' -f "$state/other_key"
  hostkey=$state/other_key
else
  echo "boot2podman: ssh-host-key ed25519 $(ssh-keygen -l -E sha256 -f "$hostkey" | cut -d' ' -f2)" > "$console"
fi
cat > "$state/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port $port
HostKey $hostkey
AuthorizedKeysFile $keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
SetEnv PATH=$state/bin:/usr/sbin:/usr/bin:/sbin:/bin
CONF
setsid /usr/sbin/sshd -D -f "$state/sshd_config" -E "$state/sshd.log" -o "PidFile=$pidfile" </dev/null >/dev/null 2>&1 &
for _ in $(seq 100); do [[ -s $pidfile ]] && break; sleep 0.1; done
[[ -s $pidfile ]] || echo $! > "$pidfile"
echo "boot2podman: ready" >> "$console"
