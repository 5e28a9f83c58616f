#!/usr/bin/env bash
# Does what the packages' maintainer scripts would have done, the appliance's way:
# busybox applet links (never over a real program), the iptables alternatives (nf_tables backend),
# the CA bundle, os-release, the dynamic linker cache, and directories the services expect.
#   finish-rootfs.sh ROOT VERSION
set -euo pipefail
root=$1 version=$2
cd "$root"

# busybox applets where no package installed the real program (merged /usr: check both dirs)
for applet in $(usr/bin/busybox --list-full | sort); do
  name=${applet##*/}
  [[ -e usr/bin/$name || -L usr/bin/$name || -e usr/sbin/$name || -L usr/sbin/$name ]] && continue
  case $applet in
    bin/*|usr/bin/*) ln -s /usr/bin/busybox "usr/bin/$name" ;;
    *) ln -s /usr/bin/busybox "usr/sbin/$name" ;;
  esac
done

# update-alternatives, by hand: iptables on the nf_tables backend
for t in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
  ln -sfn xtables-nft-multi "usr/sbin/$t"
done

# CA bundle from the ca-certificates package (its postinst would build it with openssl)
mkdir -p etc/ssl/certs
find usr/share/ca-certificates -name '*.crt' | sort | xargs cat >etc/ssl/certs/ca-certificates.crt

cat >usr/lib/os-release <<OS
PRETTY_NAME="boot2podman $version (Debian 12 packages)"
NAME="boot2podman"
VERSION_ID="$version"
VERSION="$version"
ID=boot2podman
ID_LIKE=debian
HOME_URL="https://github.com/boot2podman/boot2podman"
OS
ln -sfn ../usr/lib/os-release etc/os-release
echo "$version" >etc/boot2podman-version

mkdir -p etc/boot2podman/services.d root run tmp var/tmp var/log var/lib/containers var/lib/boot2podman run/sshd mnt proc sys dev home
chmod 0700 root; chmod 1777 tmp var/tmp; chmod 0640 etc/shadow
ln -sfn ../run var/run
ln -sfn /proc/self/mounts etc/mtab
rm -f etc/ssh/ssh_host_* etc/machine-id etc/hostname
ldconfig -r . 2>/dev/null
rm -rf var/cache/ldconfig
