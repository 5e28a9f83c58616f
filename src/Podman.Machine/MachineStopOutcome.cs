namespace Podman.Machine;

/// <summary>How <see cref="PodmanMachine.StopAsync"/> ended the VM.</summary>
public enum MachineStopOutcome
{
    /// <summary>It was not running.</summary>
    NotRunning,

    /// <summary>The guest powered off after the ACPI power button (a clean shutdown).</summary>
    PoweredOff,

    /// <summary>The guest did not power off in time and qemu was killed.</summary>
    Killed,
}
