using Microsoft.Extensions.Logging;

namespace Podman.Machine;

/// <summary>How to start a machine (<see cref="PodmanMachine.StartAsync"/>).</summary>
public sealed record MachineStartOptions
{
    /// <summary>The default of <see cref="KvmProgressTimeout"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultKvmProgressTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long the boot may take until SSH and podman answer. Generous: TCG is slow.</summary>
    public TimeSpan BootTimeout { get; init; } = TimeSpan.FromMinutes(8);

    /// <summary>Whether <see cref="PodmanMachine.StartAsync"/> waits until the machine is ready.</summary>
    public bool WaitUntilReady { get; init; } = true;

    /// <summary>
    /// Boot the ISO through its boot loader (ISOLINUX, the kernel and initramfs read through BIOS CD calls)
    /// rather than directly: by default the kernel, initramfs and kernel command line are taken out of the
    /// ISO once (kept in <see cref="BootCacheDirectory"/>) and handed to qemu (<c>-kernel</c>, <c>-initrd</c>,
    /// <c>-append</c>), which is seconds faster under TCG. A machine resumed from a snapshot starts the way
    /// its snapshot's machine did.
    /// </summary>
    public bool BootFromIso { get; init; }

    /// <summary>
    /// Where the boot files taken out of ISOs are kept; null for <c>$XDG_CACHE_HOME/boot2podman/boot</c>
    /// (<c>~/.cache/boot2podman/boot</c>).
    /// </summary>
    public string? BootCacheDirectory { get; init; }

    /// <summary>The qemu program; a name is looked up on PATH.</summary>
    public string QemuPath { get; init; } = "qemu-system-x86_64";

    /// <summary>The KVM device probed when the machine's accelerator is <see cref="MachineAccelerator.Auto"/>.</summary>
    public string KvmDevicePath { get; init; } = KvmProbe.DefaultDevicePath;

    /// <summary>
    /// With <see cref="MachineAccelerator.Auto"/>, how long the guest has under KVM to show that it runs:
    /// qemu must still be running and the serial console must have its first byte within this time after
    /// qemu started (the appliance's boot loader prints its banner there well within a second under KVM,
    /// and within a second or two even under TCG). Otherwise the VM is killed and started again under
    /// TCG. Default <see cref="DefaultKvmProgressTimeout"/>.
    /// </summary>
    public TimeSpan KvmProgressTimeout { get; init; } = DefaultKvmProgressTimeout;

    /// <summary>
    /// Where the start says which accelerator it chose and why (a KVM fallback is a warning); null for none.
    /// </summary>
    public ILogger? Logger { get; init; }

    // The probe of KvmDevicePath; tests replace it to stand in a "working" device.
    internal Func<string, KvmAvailability> ProbeKvm { get; init; } = KvmProbe.Probe;
}
