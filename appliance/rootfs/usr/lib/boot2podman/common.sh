# Shared helpers of the boot2podman scripts (sourced).
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
STATE=/var/lib/boot2podman
RUNDIR=/run/boot2podman

# say MESSAGE: one "boot2podman: ..." line on the serial console and on the VGA console
say() {
  echo "boot2podman: $*" >/dev/console 2>/dev/null
  [ -c /dev/tty1 ] && echo "boot2podman: $*" >/dev/tty1 2>/dev/null
  echo "boot2podman: $*" >>/var/log/boot.log 2>/dev/null
  return 0
}

# fwcfg NAME: prints the qemu fw_cfg entry opt/boot2podman/NAME if the host passed one
fwcfg() {
  f=/sys/firmware/qemu_fw_cfg/by_name/opt/boot2podman/$1/raw
  [ -r "$f" ] && cat "$f"
}
