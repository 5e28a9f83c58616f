using Podman.Machine;
using Podman.Testing;

namespace Podman.Client.Tests.Vm;

/// <summary>The README's quick start, as written (<see cref="ReadmeTests"/> checks the two texts are the same); it boots a machine of its own.</summary>
[Collection(ClientApplianceCollection.Name)]
public sealed class QuickStartTests
{
    [Fact]
    public async Task ReadmeQuickStartRunsAsWritten()
    {
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        if (new MachineStore().List().Contains("demo"))
        {
            await new MachineStore().RemoveAsync("demo");   // left by an earlier, interrupted run
        }

        try
        {
            await QuickStart();
        }
        finally
        {
            Console.SetOut(console);
        }

        Assert.Contains("hello from podman", output.ToString());
        Assert.DoesNotContain("demo", new MachineStore().List());
    }

    private static async Task QuickStart()
    {
        // README quick start: begin
        var store = new MachineStore();   // ~/.local/share/boot2podman/machines
        await using var machine = await store.CreateAsync(new MachineCreateOptions { Name = "demo" });
        await machine.StartAsync();       // qemu, from $BOOT2PODMAN_ISO; waits until io.podman answers
        await using var podman = await machine.CreateClientAsync();   // SSH, host key pinned

        await BusyboxImage.ImportAsync(machine, "localhost/bb:test");   // the VM has no registry to pull from
        var id = await podman.Containers.CreateAsync(new ContainerCreateParameters
        {
            Image = "localhost/bb:test",
            Command = ["sh", "-c", "echo hello from podman"],
        });
        await podman.Containers.StartAsync(id);
        Console.WriteLine($"exit code {await podman.Containers.WaitAsync(id)}");
        await foreach (var line in podman.Containers.LogsAsync(id))
        {
            Console.WriteLine(line.Message);
        }

        await podman.Containers.RemoveAsync(id);
        await machine.StopAsync();
        await store.RemoveAsync("demo");
        // README quick start: end
    }
}
