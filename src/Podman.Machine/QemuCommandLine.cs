using System.Globalization;

namespace Podman.Machine;

/// <summary>Builds the qemu-system-x86_64 arguments for an appliance VM.</summary>
internal static class QemuCommandLine
{
    /// <summary>The fw_cfg entry the appliance reads root's <c>authorized_keys</c> from.</summary>
    public const string AuthorizedKeysFwCfg = "opt/boot2podman/authorized_keys";

    /// <summary>The fw_cfg entry the appliance reads its SSH host private key from.</summary>
    public const string HostKeyFwCfg = "opt/boot2podman/ssh_host_ed25519_key";

    /// <summary>The arguments (without the program name).</summary>
    /// <exception cref="ArgumentException">A path is relative, or the accelerator is not resolved.</exception>
    public static IReadOnlyList<string> Build(QemuLaunchSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        foreach ((string? path, string name) in new[]
                 {
                     (spec.IsoPath, nameof(spec.IsoPath)), (spec.DataDiskPath, nameof(spec.DataDiskPath)),
                     (spec.ConsoleLogPath, nameof(spec.ConsoleLogPath)), (spec.QmpSocketPath, nameof(spec.QmpSocketPath)),
                     (spec.PidFilePath, nameof(spec.PidFilePath)), (spec.AuthorizedKeysPath, nameof(spec.AuthorizedKeysPath)),
                     (spec.HostKeyPath, nameof(spec.HostKeyPath)), (spec.DirectBoot?.Kernel, "DirectBoot.Kernel"),
                     (spec.DirectBoot?.Initrd, "DirectBoot.Initrd"), (spec.IncomingStatePath, nameof(spec.IncomingStatePath)),
                 })
        {
            if (path is not null && !Path.IsPathFullyQualified(path))
            {
                throw new ArgumentException($"{name} must be an absolute path, not '{path}'.", nameof(spec));
            }
        }

        var args = new List<string> { "-name", "boot2podman-" + spec.Name };
        switch (spec.Accelerator)
        {
            case MachineAccelerator.Kvm:
                args.AddRange(["-accel", "kvm", "-cpu", "host"]);
                break;
            case MachineAccelerator.Tcg:
                args.AddRange(["-accel", "tcg", "-cpu", "max"]);
                break;
            default:
                throw new ArgumentException("Resolve the accelerator (KVM or TCG) before building the command line.", nameof(spec));
        }

        args.AddRange([
            "-m", spec.MemoryMiB.ToString(CultureInfo.InvariantCulture),
            "-smp", spec.Cpus.ToString(CultureInfo.InvariantCulture),
        ]);
        if (spec.DirectBoot is { } boot)
        {
            // The kernel and initramfs come through fw_cfg (DMA): no BIOS CD reads, no boot loader. The guest
            // never reads the CD, so it is not attached.
            args.AddRange(["-kernel", boot.Kernel, "-initrd", boot.Initrd, "-append", KernelCommandLine(boot.CommandLine, spec.Accelerator)]);
        }
        else
        {
            args.AddRange(["-cdrom", spec.IsoPath, "-boot", "d"]);
        }

        if (spec.DataDiskPath is not null)
        {
            args.AddRange(["-drive", $"file={Escape(spec.DataDiskPath)},if=virtio,format=qcow2"]);
        }

        args.AddRange([
            "-netdev", $"user,id=net0,hostfwd=tcp:127.0.0.1:{spec.SshPort.ToString(CultureInfo.InvariantCulture)}-:22",
            // No iPXE option ROM: we never network-boot, and it saves time under TCG.
            "-device", "virtio-net-pci,netdev=net0,romfile=",
            "-device", "virtio-rng-pci",
            "-fw_cfg", $"name={AuthorizedKeysFwCfg},file={Escape(spec.AuthorizedKeysPath)}",
            "-fw_cfg", $"name={HostKeyFwCfg},file={Escape(spec.HostKeyPath)}",
            "-serial", "file:" + Escape(spec.ConsoleLogPath),
            "-qmp", $"unix:{Escape(spec.QmpSocketPath)},server=on,wait=off",
            "-display", "none",
            "-monitor", "none",
            "-pidfile", spec.PidFilePath,
            "-daemonize",
        ]);
        if (spec.IncomingStatePath is { } state)
        {
            if (state.Contains('\'', StringComparison.Ordinal))
            {
                throw new ArgumentException($"{nameof(spec.IncomingStatePath)} must not contain a single quote: '{state}'.", nameof(spec));
            }

            // The saved RAM and device state, read by a shell pipe (qemu 7.2 has no file: migration);
            // the guest resumes as soon as it is loaded.
            args.AddRange(["-incoming", $"exec:cat '{state}'"]);
        }

        return args;
    }

    /// <summary>
    /// The kernel command line for a direct boot. Under TCG the guest's CPU is emulated and runs nothing
    /// speculatively, so the kernel's speculative-execution mitigations (retpolines, page-table isolation, buffer
    /// clearing on kernel exits) cost time and guard against nothing: they are turned off there (0.5–1.1 s less to
    /// /init, 3 alternating rounds at load 2). Under KVM the guest runs on the real CPU and keeps every mitigation.
    /// A command line that chooses the mitigations itself keeps its choice.
    /// </summary>
    internal static string KernelCommandLine(string commandLine, MachineAccelerator accelerator) =>
        accelerator == MachineAccelerator.Tcg && !commandLine.Split(' ').Any(a => a.StartsWith("mitigations=", StringComparison.Ordinal))
            ? commandLine + " mitigations=off"
            : commandLine;

    /// <summary>Escapes a value inside a qemu option list, where a comma is written as two.</summary>
    public static string Escape(string value) => value.Replace(",", ",,", StringComparison.Ordinal);
}
