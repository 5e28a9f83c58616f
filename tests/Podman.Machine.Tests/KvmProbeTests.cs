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
}
