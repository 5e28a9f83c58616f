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

# phase NAME [UPTIME]: announces that a boot phase is done, with the guest's uptime in seconds (now, or
# UPTIME read earlier): "boot2podman: phase NAME 3.21". The host records each with its own time too.
phase() {
  up=$2
  [ -n "$up" ] || read -r up _ </proc/uptime
  say "phase $1 $up"
}

# mark NAME: the guest's uptime at a step, in /var/log/boot.log only (finer than the console's phases)
mark() {
  read -r up _ </proc/uptime
  echo "mark $1 $up" >>/var/log/boot.log 2>/dev/null
  return 0
}

# nap SECONDS: waits that long without starting a program. `sleep` is a fork and an exec, which cost a TCG
# guest 0.05-0.2 s of a vCPU each: a loop that polls every 0.1 s with it keeps a third or more of a vCPU busy
# while sshd and podman start on the same two. This is the shell's own read with a timeout, on a FIFO that
# nothing writes to (made by the boot; without it, sleep).
nap() {
  if [ -p "$RUNDIR/nap" ]; then read -r -t "$1" _ <>"$RUNDIR/nap"; else sleep "$1"; fi
  return 0
}

# uptime_now: sets $now to the guest's uptime in whole seconds (a read of /proc, no program)
uptime_now() { read -r now _ </proc/uptime; now=${now%.*}; }

# fwcfg NAME: prints the qemu fw_cfg entry opt/boot2podman/NAME if the host passed one
fwcfg() {
  f=/sys/firmware/qemu_fw_cfg/by_name/opt/boot2podman/$1/raw
  [ -r "$f" ] && cat "$f"
}
