using System.Runtime.InteropServices;

namespace Podman.Machine;

/// <summary>
/// Finds out whether KVM really works here: <c>/dev/kvm</c> must open read-write, answer
/// <c>KVM_GET_API_VERSION</c> with 12, and create a VM (<c>KVM_CREATE_VM</c>). A device node that
/// exists but fails any of these (nested virtualisation off, no permission, a stub device) means TCG.
/// Passing the probe is necessary, not sufficient: some hosts create VMs that cannot run a guest, which
/// <see cref="MachineAccelerator.Auto"/> finds out by starting the machine (see <see cref="PodmanMachine.StartAsync"/>).
/// </summary>
internal static partial class KvmProbe
{
    /// <summary>The KVM device node on Linux.</summary>
    public const string DefaultDevicePath = "/dev/kvm";

    private const int ORdWr = 2;
    private const int OCloExec = 0x80000;
    private const nuint KvmGetApiVersion = 0xAE00;
    private const nuint KvmCreateVm = 0xAE01;
    private const int ExpectedApiVersion = 12;

    /// <summary>Probes the KVM device.</summary>
    /// <param name="devicePath">The device node to probe; <see cref="DefaultDevicePath"/> unless testing.</param>
    /// <returns>Whether KVM is usable, and why not if it is not.</returns>
    public static KvmAvailability Probe(string devicePath = DefaultDevicePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(devicePath);
        if (!OperatingSystem.IsLinux())
        {
            return new KvmAvailability(false, "KVM exists only on Linux.");
        }

        if (!File.Exists(devicePath))
        {
            return new KvmAvailability(false, $"{devicePath} does not exist.");
        }

        int fd = Open(devicePath, ORdWr | OCloExec);
        if (fd < 0)
        {
            return new KvmAvailability(false, $"{devicePath} cannot be opened read-write (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            int version = Ioctl(fd, KvmGetApiVersion, 0);
            if (version != ExpectedApiVersion)
            {
                return new KvmAvailability(false,
                    version < 0
                        ? $"{devicePath} does not answer KVM_GET_API_VERSION (errno {Marshal.GetLastPInvokeError()})."
                        : $"{devicePath} reports KVM API version {version}, expected {ExpectedApiVersion}.");
            }

            int vm = Ioctl(fd, KvmCreateVm, 0);
            if (vm < 0)
            {
                return new KvmAvailability(false, $"{devicePath} cannot create a VM (errno {Marshal.GetLastPInvokeError()}).");
            }

            Close(vm);
            return new KvmAvailability(true, $"{devicePath} answers API version {version} and creates VMs.");
        }
        finally
        {
            Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, nuint request, nint argument);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
