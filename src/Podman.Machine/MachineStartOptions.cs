namespace Podman.Machine;

/// <summary>How to start a machine (<see cref="PodmanMachine.StartAsync"/>).</summary>
public sealed record MachineStartOptions
{
    /// <summary>How long the boot may take until SSH and podman answer. Generous: TCG is slow.</summary>
    public TimeSpan BootTimeout { get; init; } = TimeSpan.FromMinutes(8);

    /// <summary>Whether <see cref="PodmanMachine.StartAsync"/> waits until the machine is ready.</summary>
    public bool WaitUntilReady { get; init; } = true;

    /// <summary>The qemu program; a name is looked up on PATH.</summary>
    public string QemuPath { get; init; } = "qemu-system-x86_64";

    /// <summary>The KVM device probed when the machine's accelerator is <see cref="MachineAccelerator.Auto"/>.</summary>
    public string KvmDevicePath { get; init; } = KvmProbe.DefaultDevicePath;
}
