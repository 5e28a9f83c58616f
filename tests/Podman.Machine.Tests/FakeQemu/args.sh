# Sourced by the fake qemu scripts: reads the qemu arguments Podman.Machine passes into variables.
all_args=("$@")
console= pidfile= port= keys= hostkey= accel=
while (($#)); do
  case $1 in
    -accel) accel=$2; shift ;;
    -serial) console=${2#file:}; shift ;;
    -pidfile) pidfile=$2; shift ;;
    -netdev) port=$(sed -E 's/.*hostfwd=tcp:127\.0\.0\.1:([0-9]+)-:22.*/\1/' <<<"$2"); shift ;;
    -fw_cfg)
      case $2 in
        name=opt/boot2podman/authorized_keys,file=*) keys=${2#*,file=} ;;
        name=opt/boot2podman/ssh_host_ed25519_key,file=*) hostkey=${2#*,file=} ;;
      esac
      shift ;;
  esac
  shift
done
[[ -n $console && -n $pidfile && -n $port && -n $keys && -n $hostkey ]] || { echo "fake qemu: missing arguments" >&2; exit 2; }

# Writes the pid file for a background "guest" once that process has finished its exec chain
# (setsid, then bash), as qemu writes its pid file only when it runs.
write_pidfile() {
  for _ in $(seq 100); do
    grep -qa fake-qemu "/proc/$1/cmdline" 2>/dev/null && break
    sleep 0.05
  done
  echo "$1" > "$pidfile"
}

# Appends this start's command line to launches.log in the machine directory (for the kvm-*.sh fakes).
record_launch() {
  echo "${all_args[*]}" >> "$(dirname "$pidfile")/launches.log"
}
