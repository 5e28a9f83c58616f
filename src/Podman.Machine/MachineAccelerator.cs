namespace Podman.Machine;

/// <summary>How qemu executes the guest.</summary>
public enum MachineAccelerator
{
    /// <summary>
    /// KVM if the guest actually runs under it, TCG otherwise. <c>/dev/kvm</c> must pass the probe (open,
    /// <c>KVM_GET_API_VERSION</c>, <c>KVM_CREATE_VM</c>); then qemu is started under KVM and must show
    /// progress within <see cref="MachineStartOptions.KvmProgressTimeout"/> (it keeps running and the guest
    /// prints on its serial console). If qemu exits or the console stays empty, that VM is killed and the
    /// same machine is started under TCG; <see cref="MachineRuntimeState.KvmFallbackReason"/> says why.
    /// </summary>
    Auto,

    /// <summary>Hardware virtualisation through KVM (<c>-accel kvm -cpu host</c>); a failure is not retried under TCG.</summary>
    Kvm,

    /// <summary>qemu's software emulation (<c>-accel tcg -cpu max,la57=off</c>): works everywhere, slowly.</summary>
    Tcg,
}
