#!/usr/bin/env bash
# Removes from the unpacked root what a container host running from RAM does not need:
# documentation, man pages, locales, shell completions, init-system glue of other init systems,
# and helpers for features the appliance does not offer (rootless port forwarding).
#   slim.sh ROOT
set -euo pipefail
root=$1
cd "$root"
rm -rf usr/share/doc usr/share/man usr/share/info usr/share/locale usr/share/i18n \
  usr/share/lintian usr/share/bash-completion usr/share/zsh usr/share/fish usr/share/bug \
  usr/share/menu usr/share/gtk-doc usr/share/pixmaps usr/share/applications usr/share/polkit-1 \
  usr/share/initramfs-tools usr/share/runit usr/share/debconf usr/share/gcc usr/share/gdb \
  usr/share/apport usr/share/glib-2.0 usr/share/metainfo \
  etc/init.d etc/rc?.d etc/sv etc/runit etc/systemd usr/lib/systemd lib/systemd etc/default \
  etc/logrotate.d etc/cron.* etc/ufw etc/pam.d etc/security etc/ppp etc/kernel etc/initramfs-tools \
  usr/lib/tmpfiles.d usr/lib/sysusers.d usr/lib/modules-load.d usr/lib/udev \
  var/log/runit var/lib/dpkg \
  usr/lib/podman/rootlessport usr/libexec/podman/rootlessport usr/lib/x86_64-linux-gnu/gconv
find usr/lib usr/share -name '*.pyc' -delete 2>/dev/null || true
find . -name '*.a' -path '*/lib/*' -delete
