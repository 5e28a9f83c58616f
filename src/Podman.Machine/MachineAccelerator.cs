namespace Podman.Machine;

/// <summary>How qemu executes the guest.</summary>
public enum MachineAccelerator
{
    /// <summary>KVM when <c>/dev/kvm</c> really works (see <see cref="KvmProbe"/>), TCG otherwise.</summary>
    Auto,

    /// <summary>Hardware virtualisation through KVM (<c>-accel kvm -cpu host</c>).</summary>
    Kvm,

    /// <summary>qemu's software emulation (<c>-accel tcg -cpu max</c>): works everywhere, slowly.</summary>
    Tcg,
}
