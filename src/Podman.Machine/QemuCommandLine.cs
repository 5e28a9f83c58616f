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
                args.AddRange(["-accel", "kvm", "-cpu", spec.CpuModel ?? DefaultCpuModel(spec.Accelerator)]);
                break;
            case MachineAccelerator.Tcg:
                args.AddRange(["-accel", "tcg", "-cpu", spec.CpuModel ?? DefaultCpuModel(spec.Accelerator)]);
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
        if (spec.VmGenerationId)
        {
            // A new generation ID at every qemu start: a guest resumed from a saved state sees it change (ACPI
            // notify), and Linux (5.18+, vmgenid) reseeds its RNG before the clone hands out a random byte.
            args.AddRange(["-device", "vmgenid,guid=auto"]);
        }

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
    /// The <c>-cpu</c> model a new guest runs on: the host's CPU under KVM; under TCG qemu's <c>max</c> without
    /// 5-level paging (<c>la57</c>). With it, Debian's kernel walks five page-table levels on every TLB miss that
    /// qemu emulates, for an address space (128 PiB) no appliance uses; four levels give 128 TiB.
    /// </summary>
    internal static string DefaultCpuModel(MachineAccelerator accelerator) =>
        accelerator == MachineAccelerator.Kvm ? "host" : TcgCpuModel;

    /// <summary>
    /// The <c>-cpu</c> model a snapshot's clones resume on: the one it ran on (the saved state holds that CPU's
    /// registers and features); snapshots that recorded none ran on <c>max</c> (TCG) or <c>host</c> (KVM).
    /// </summary>
    internal static string ResumeCpuModel(MachineSnapshot snapshot) =>
        snapshot.CpuModel ?? (snapshot.Accelerator == MachineAccelerator.Kvm ? "host" : "max");

    /// <summary>
    /// Whether a snapshot's clones resume with the VM generation ID device: when the snapshot's machine ran one (a
    /// saved state loads only into the device set it was saved from); snapshots that recorded nothing ran none.
    /// </summary>
    internal static bool ResumeVmGenerationId(MachineSnapshot snapshot) => snapshot.VmGenerationId == true;

    internal const string TcgCpuModel = "max,la57=off";

    // Kernel parameters added under TCG (each unless the command line sets it already), and why:
    // - mitigations=off: the emulated CPU runs nothing speculatively, so the speculative-execution mitigations
    //   (retpolines, page-table isolation, buffer clearing on kernel exits) cost time and guard against nothing
    //   (0.5–1.1 s less to /init, 3 alternating rounds at load 2).
    // - init_on_alloc=0: Debian zeroes every kernel allocation; the initramfs unpack then writes 145 MB twice,
    //   and every fork and exec zeroes its page tables and slabs again, at emulated speed. Pages handed to user
    //   space are zeroed either way; what is given up is the hardening against a kernel bug reading memory it
    //   did not initialise.
    // - cryptomgr.notests: the crypto self-tests check the kernel's algorithm implementations against test
    //   vectors at registration (FIPS mode, which requires them, is off); under TCG they run at emulated speed.
    // - acpi=noirq: PCI interrupts are routed from the BIOS's table (qemu's pc machine has SeaBIOS's $PIR) instead
    //   of by evaluating the ACPI interrupt links' AML methods; under TCG the interpreter took 0.35 s a link, 0.58 s
    //   of virtio_pci's start for three devices (9 ms without). ACPI itself stays on (power button, vmgenid).
    // Under KVM the guest keeps Debian's defaults for all four.
    private static readonly string[] TcgKernelParameters = ["mitigations=off", "init_on_alloc=0", "cryptomgr.notests", "acpi=noirq"];

    /// <summary>
    /// The kernel command line for a direct boot: under TCG the parameters above are added (a parameter the
    /// command line sets already keeps its value); under KVM it is left as the ISO has it.
    /// </summary>
    internal static string KernelCommandLine(string commandLine, MachineAccelerator accelerator)
    {
        if (accelerator != MachineAccelerator.Tcg)
        {
            return commandLine;
        }

        string[] given = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var added = TcgKernelParameters.Where(parameter =>
        {
            string name = parameter.Split('=')[0];
            return !given.Any(a => a == name || a.StartsWith(name + "=", StringComparison.Ordinal));
        });
        return string.Join(' ', [commandLine, .. added]);
    }

    /// <summary>Escapes a value inside a qemu option list, where a comma is written as two.</summary>
    public static string Escape(string value) => value.Replace(",", ",,", StringComparison.Ordinal);
}
