namespace Podman.Machine.Tests;

/// <summary>
/// The appliance's drivers: the boot loads the drivers of a Podman.Machine VM's devices in one modprobe
/// and leaves the generic modalias coldplug until the machine is ready; the other devices still get theirs.
/// </summary>
[Collection(ApplianceCollection.Name)]
public sealed class ApplianceDriverTests(ApplianceFixture appliance)
{
    private PodmanMachine Vm => appliance.Machine;

    private async Task<string> RunOkAsync(string command) => (await Vm.RunAsync(command, TimeSpan.FromMinutes(5))).EnsureSuccess().StandardOutput;

    [Fact]
    public async Task TheBootLeavesTheColdplugUntilReadyAndItStillBindsDevicesOutsideTheFastList()
    {
        // The PIIX IDE controller of qemu's pc machine, whose driver (ata_piix) is not in the fast list,
        // gets it once the coldplug has run (waiting at most 3 minutes for it to end)...
        string bound = await RunOkAsync(
            "n=0; while [ ! -e /run/boot2podman/coldplug.done ] && [ $n -lt 180 ]; do sleep 1; n=$((n + 1)); done; " +
            "ls /sys/bus/pci/drivers/ata_piix");
        Assert.Matches(@"(?m)^0000:00:01\.1$", bound);

        // ...which the boot left until the machine was ready: the fast list had given it a network card and a disk.
        string log = await RunOkAsync("cat /var/log/boot.log");
        Assert.Contains("mark coldplug-deferred eth0 vda", log);
        int ready = log.IndexOf("phase ready", StringComparison.Ordinal);
        int coldplug = log.IndexOf("mark coldplug-start later", StringComparison.Ordinal);
        Assert.True(ready >= 0 && coldplug > ready, "the deferred coldplug starts after the machine is ready:\n" + log);
        Assert.Contains("mark coldplug-done", log);

        // The drivers of the fast list and the modules containers need are in.
        string[] loaded = (await RunOkAsync("cut -d' ' -f1 /proc/modules")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (string module in new[] { "virtio_pci", "virtio_net", "virtio_blk", "virtio_rng", "qemu_fw_cfg", "ext4", "overlay", "veth", "bridge", "br_netfilter", "nf_tables", "tun", "fuse" })
        {
            Assert.Contains(module, loaded);
        }
    }
}
