namespace Podman.Machine.Tests;

/// <summary>Without a data disk the appliance boots, says so, and runs containers from RAM.</summary>
[Collection(ApplianceCollection.Name)]
public sealed class RamOnlyTests(ApplianceFixture appliance, ITestOutputHelper output)
{
    [Fact]
    public async Task WithoutDataDiskTheApplianceRunsContainersFromRam()
    {
        using var dir = new TempDirectory();
        var store = new MachineStore(dir.File("machines"));
        await using PodmanMachine vm = await store.CreateAsync(new MachineCreateOptions { Name = "ram", IsoPath = appliance.Iso, DataDiskSizeBytes = null });
        try
        {
            await vm.StartAsync(new MachineStartOptions { BootTimeout = ApplianceFixture.BootTimeout });
            BootTimes.Record($"boot without a data disk (RAM only): {vm.LastBootDuration!.Value.TotalSeconds:0.0} s", vm.LastBootTimings);
            output.WriteLine(string.Join(Environment.NewLine, BootTimes.All));

            Assert.True(ConsoleLog.HasLine(vm.ConsoleLogPath, ConsoleLog.NoDataDiskLine), ConsoleLog.Tail(vm.ConsoleLogPath));
            Assert.DoesNotContain("/dev/vd", (await vm.RunAsync("cat /proc/mounts")).EnsureSuccess().StandardOutput);
            await BusyboxImage.ImportAsync(vm, "localhost/bb:ram");
            Assert.Equal("from RAM\n", (await vm.RunAsync("podman run --rm localhost/bb:ram echo from RAM")).EnsureSuccess().StandardOutput);

            // A RAM-only machine's snapshot is its memory: the clone has the imported image, no disk.
            await vm.SaveSnapshotAsync(dir.File("ram-snapshot"));
            await using PodmanMachine clone = await store.CreateFromSnapshotAsync("ram-clone", dir.File("ram-snapshot"));
            try
            {
                await clone.StartAsync(new MachineStartOptions { BootTimeout = ApplianceFixture.BootTimeout });
                BootTimes.Record($"start of a RAM-only clone from a snapshot: {clone.LastBootDuration!.Value.TotalSeconds:0.0} s", clone.LastBootTimings);
                Assert.Null(clone.Config.DataDiskPath);
                Assert.Equal("clone from RAM\n", (await clone.RunAsync("podman run --rm localhost/bb:ram echo clone from RAM")).EnsureSuccess().StandardOutput);
            }
            finally
            {
                await clone.KillAsync();
            }
        }
        finally
        {
            await vm.StopAsync(TimeSpan.FromMinutes(2));
        }
    }
}
