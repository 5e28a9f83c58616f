namespace Podman.Machine.Tests;

public sealed class KvmProbeTests
{
    [Fact]
    public void MissingDeviceIsNotUsable()
    {
        KvmAvailability kvm = KvmProbe.Probe("/nonexistent/kvm");

        Assert.False(kvm.IsUsable);
        Assert.Contains("does not exist", kvm.Reason);
    }

    [Fact]
    public void DeviceThatDoesNotAnswerTheKvmIoctlIsNotUsable()
    {
        // /dev/null opens read-write but is no KVM device: the API-version ioctl fails.
        KvmAvailability kvm = KvmProbe.Probe("/dev/null");

        Assert.False(kvm.IsUsable);
        Assert.Contains("KVM_GET_API_VERSION", kvm.Reason);
    }

    [Fact]
    public void AutoFallsBackToTcgWithoutWorkingKvm()
    {
        Assert.Equal(MachineAccelerator.Tcg, KvmProbe.Resolve(MachineAccelerator.Auto, "/dev/null"));
        Assert.Equal(MachineAccelerator.Tcg, KvmProbe.Resolve(MachineAccelerator.Auto, "/nonexistent/kvm"));
    }

    [Fact]
    public void ExplicitAcceleratorIsKeptWithoutProbing()
    {
        Assert.Equal(MachineAccelerator.Kvm, KvmProbe.Resolve(MachineAccelerator.Kvm, "/nonexistent/kvm"));
        Assert.Equal(MachineAccelerator.Tcg, KvmProbe.Resolve(MachineAccelerator.Tcg));
    }

    [Fact]
    public void ProbeOfThisMachineAgreesWithQemu()
    {
        // Whatever the probe says must match what qemu itself manages: start it with -accel kvm and no guest.
        KvmAvailability kvm = KvmProbe.Probe();
        var psi = new System.Diagnostics.ProcessStartInfo("qemu-system-x86_64", ["-accel", "kvm", "-machine", "none", "-display", "none", "-S", "-monitor", "none", "-qmp", "stdio"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var qemu = System.Diagnostics.Process.Start(psi)!;
        qemu.StandardInput.Close(); // QMP on stdin: EOF makes a working qemu exit cleanly.
        Assert.True(qemu.WaitForExit(60_000), "qemu probe did not end");
        string stderr = qemu.StandardError.ReadToEnd();
        bool qemuCanKvm = !stderr.Contains("kvm", StringComparison.OrdinalIgnoreCase);

        Assert.True(kvm.IsUsable == qemuCanKvm, $"probe: {kvm}; qemu stderr: {stderr}");
    }
}
