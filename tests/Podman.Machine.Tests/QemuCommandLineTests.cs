namespace Podman.Machine.Tests;

public sealed class QemuCommandLineTests
{
    private static QemuLaunchSpec Spec(MachineAccelerator accelerator = MachineAccelerator.Tcg, string? disk = "/m/box/disk.qcow2") => new()
    {
        Name = "box",
        IsoPath = "/isos/boot2podman.iso",
        DataDiskPath = disk,
        MemoryMiB = 2048,
        Cpus = 2,
        Accelerator = accelerator,
        SshPort = 40022,
        ConsoleLogPath = "/m/box/console.log",
        QmpSocketPath = "/m/box/qmp.sock",
        PidFilePath = "/m/box/qemu.pid",
        AuthorizedKeysPath = "/m/box/authorized_keys",
        HostKeyPath = "/m/box/ssh_host_ed25519_key",
    };

    private static string Line(QemuLaunchSpec spec) => string.Join(' ', QemuCommandLine.Build(spec));

    [Fact]
    public void TcgBootsTheIsoWithTheDataDiskConsoleQmpAndForwardedSsh()
    {
        string line = Line(Spec());

        Assert.Contains("-accel tcg -cpu max,la57=off ", line);
        Assert.Contains("-m 2048 -smp 2", line);
        Assert.Contains("-cdrom /isos/boot2podman.iso -boot d", line);
        Assert.Contains("-drive file=/m/box/disk.qcow2,if=virtio,format=qcow2", line);
        Assert.Contains("-netdev user,id=net0,hostfwd=tcp:127.0.0.1:40022-:22", line);
        Assert.Contains("-device virtio-net-pci,netdev=net0", line);
        Assert.Contains("-serial file:/m/box/console.log", line);
        Assert.Contains("-qmp unix:/m/box/qmp.sock,server=on,wait=off", line);
        Assert.Contains("-pidfile /m/box/qemu.pid", line);
        Assert.Contains("-daemonize", line);
        Assert.DoesNotContain("kvm", line);
    }

    [Fact]
    public void KeysArePassedThroughFwCfg()
    {
        IReadOnlyList<string> args = QemuCommandLine.Build(Spec());

        var fwcfg = args.Select((a, i) => (a, i)).Where(p => p.a == "-fw_cfg").Select(p => args[p.i + 1]).ToList();
        Assert.Equal(
            ["name=opt/boot2podman/authorized_keys,file=/m/box/authorized_keys", "name=opt/boot2podman/ssh_host_ed25519_key,file=/m/box/ssh_host_ed25519_key"],
            fwcfg);
    }

    [Fact]
    public void KvmUsesTheHostCpu()
    {
        Assert.Contains("-accel kvm -cpu host", Line(Spec(MachineAccelerator.Kvm)));
    }

    [Fact]
    public void UnresolvedAcceleratorIsRefused()
    {
        Assert.Throws<ArgumentException>(() => QemuCommandLine.Build(Spec(MachineAccelerator.Auto)));
    }

    [Fact]
    public void MachineWithoutDataDiskHasNoDrive()
    {
        Assert.DoesNotContain("-drive", QemuCommandLine.Build(Spec(disk: null)));
    }

    [Fact]
    public void DirectBootPassesKernelInitrdAndCommandLineAndLeavesTheCdOut()
    {
        var boot = new BootFiles("/c/boot/k1/vmlinuz", "/c/boot/k1/initrd.img", "console=ttyS0,115200n8 quiet panic=10");
        IReadOnlyList<string> args = QemuCommandLine.Build(Spec() with { DirectBoot = boot });

        Assert.Equal("/c/boot/k1/vmlinuz", args[args.ToList().IndexOf("-kernel") + 1]);
        Assert.Equal("/c/boot/k1/initrd.img", args[args.ToList().IndexOf("-initrd") + 1]);
        Assert.Equal("console=ttyS0,115200n8 quiet panic=10 mitigations=off init_on_alloc=0 cryptomgr.notests acpi=noirq", args[args.ToList().IndexOf("-append") + 1]);   // one argument, commas kept
        Assert.DoesNotContain("-cdrom", args);
        Assert.DoesNotContain("-boot", args);
        Assert.DoesNotContain("/isos/boot2podman.iso", args);
        Assert.Contains("-drive", args);
    }

    [Fact]
    public void OnlyTcgDirectBootsAddTheKernelParametersForAnEmulatedCpu()
    {
        var boot = new BootFiles("/c/boot/k1/vmlinuz", "/c/boot/k1/initrd.img", "console=ttyS0,115200n8 quiet");
        string Append(MachineAccelerator accelerator, BootFiles files)
        {
            IReadOnlyList<string> args = QemuCommandLine.Build(Spec(accelerator) with { DirectBoot = files });
            return args[args.ToList().IndexOf("-append") + 1];
        }

        Assert.Equal("console=ttyS0,115200n8 quiet", Append(MachineAccelerator.Kvm, boot));
        Assert.Equal("console=ttyS0,115200n8 quiet mitigations=off init_on_alloc=0 cryptomgr.notests acpi=noirq", Append(MachineAccelerator.Tcg, boot));
        // A parameter the ISO's command line sets keeps its value; the others are still added.
        Assert.Equal("quiet mitigations=auto init_on_alloc=1 cryptomgr.notests acpi=noirq",
            Append(MachineAccelerator.Tcg, boot with { CommandLine = "quiet mitigations=auto init_on_alloc=1" }));
        Assert.Equal("quiet cryptomgr.notests=0 mitigations=off init_on_alloc=0 acpi=noirq",
            Append(MachineAccelerator.Tcg, boot with { CommandLine = "quiet cryptomgr.notests=0" }));
        Assert.Equal("quiet acpi=off mitigations=off init_on_alloc=0 cryptomgr.notests",
            Append(MachineAccelerator.Tcg, boot with { CommandLine = "quiet acpi=off" }));
    }

    [Fact]
    public void TcgRunsOnQemusMaxCpuWithoutFiveLevelPagingAndKvmOnTheHostsUnlessAModelIsGiven()
    {
        string Cpu(QemuLaunchSpec spec)
        {
            IReadOnlyList<string> args = QemuCommandLine.Build(spec);
            return args[args.ToList().IndexOf("-cpu") + 1];
        }

        Assert.Equal("max,la57=off", Cpu(Spec(MachineAccelerator.Tcg)));
        Assert.Equal("host", Cpu(Spec(MachineAccelerator.Kvm)));
        Assert.Equal("max", Cpu(Spec(MachineAccelerator.Tcg) with { CpuModel = "max" }));   // a snapshot's own
    }

    [Theory]
    [InlineData(MachineAccelerator.Tcg, null, "max")]         // a snapshot from before the model was recorded ran on qemu's max
    [InlineData(MachineAccelerator.Kvm, null, "host")]
    [InlineData(MachineAccelerator.Tcg, "max,la57=off", "max,la57=off")]   // one that recorded it
    [InlineData(MachineAccelerator.Tcg, "qemu64", "qemu64")]
    public void ASnapshotResumesOnTheCpuModelItRanOn(MachineAccelerator accelerator, string? recorded, string expected)
    {
        var snapshot = new MachineSnapshot
        {
            SourceMachine = "golden", IsoPath = "/i.iso", IsoSha256 = "00", MemoryMiB = 1024, Cpus = 1,
            Accelerator = accelerator, CpuModel = recorded, DirectBoot = true, HasDataDisk = false, HostKeyFingerprint = "SHA256:x",
        };

        Assert.Equal(expected, QemuCommandLine.ResumeCpuModel(snapshot));
    }

    [Fact]
    public void TheVmGenerationIdDeviceGetsANewIdAtEachStartWhenAsked()
    {
        Assert.Contains("-device vmgenid,guid=auto", Line(Spec() with { VmGenerationId = true }));
        Assert.DoesNotContain("vmgenid", Line(Spec()));
    }

    [Theory]
    [InlineData(null, false)]   // a snapshot from before it was recorded ran without the device
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void ASnapshotResumesWithTheVmGenerationIdDeviceOnlyWhenItRanOne(bool? recorded, bool expected)
    {
        var snapshot = new MachineSnapshot
        {
            SourceMachine = "golden", IsoPath = "/i.iso", IsoSha256 = "00", MemoryMiB = 1024, Cpus = 1,
            Accelerator = MachineAccelerator.Tcg, VmGenerationId = recorded, DirectBoot = true, HasDataDisk = false, HostKeyFingerprint = "SHA256:x",
        };

        Assert.Equal(expected, QemuCommandLine.ResumeVmGenerationId(snapshot));
    }

    [Fact]
    public void IsoBootHasNoKernelArguments()
    {
        IReadOnlyList<string> args = QemuCommandLine.Build(Spec());

        Assert.DoesNotContain("-kernel", args);
        Assert.DoesNotContain("-initrd", args);
        Assert.DoesNotContain("-append", args);
    }

    [Fact]
    public void DirectBootWithARelativeKernelPathIsRefused()
    {
        var boot = new BootFiles("vmlinuz", "/c/initrd.img", "quiet");

        ArgumentException e = Assert.Throws<ArgumentException>(() => QemuCommandLine.Build(Spec() with { DirectBoot = boot }));
        Assert.Contains("Kernel", e.Message);
    }

    [Fact]
    public void RestoreReadsTheSavedStateThroughIncoming()
    {
        IReadOnlyList<string> args = QemuCommandLine.Build(Spec() with { IncomingStatePath = "/s/golden/memory.state" });

        Assert.Equal("exec:cat '/s/golden/memory.state'", args[args.ToList().IndexOf("-incoming") + 1]);
        Assert.DoesNotContain("-incoming", QemuCommandLine.Build(Spec()));
    }

    [Fact]
    public void StatePathWithAQuoteIsRefusedBecauseAShellReadsIt()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => QemuCommandLine.Build(Spec() with { IncomingStatePath = "/s/it's/memory.state" }));

        Assert.Contains("IncomingStatePath", e.Message);
    }

    [Fact]
    public void CommasInPathsAreDoubledInsideOptionLists()
    {
        string line = Line(Spec(disk: "/m/a,b/disk.qcow2") with { ConsoleLogPath = "/m/a,b/console.log" });

        Assert.Contains("file=/m/a,,b/disk.qcow2,if=virtio", line);
        Assert.Contains("file:/m/a,,b/console.log", line);
    }

    [Fact]
    public void RelativePathIsRefusedBecauseQemuDaemonizesIntoRoot()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => QemuCommandLine.Build(Spec() with { ConsoleLogPath = "console.log" }));

        Assert.Contains("ConsoleLogPath", e.Message);
    }
}
