using Podman.Machine;
using Podman.Testing;

namespace Podman.Client.Tests.Vm;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QuickStartCollection
{
    /// <summary>
    /// A collection of its own without the appliance fixture: xunit runs the collections that disable parallelization
    /// one after the other, disposing each one's fixtures at its end, so this machine never runs beside the fixture's.
    /// </summary>
    public const string Name = "README quick start (its own machine)";
}

/// <summary>The README's quick start, as written (<see cref="ReadmeTests"/> checks the two texts are the same); it boots a machine of its own.</summary>
[Collection(QuickStartCollection.Name)]
public sealed class QuickStartTests
{
    [Fact]
    public async Task ReadmeQuickStartRunsAsWritten()
    {
        // The quick start uses the default store ($XDG_DATA_HOME/boot2podman/machines): point it at a directory of
        // this run's, so that another run on this computer (its own "demo") is never touched, and nothing is left.
        var data = Directory.CreateTempSubdirectory("quick-start-");
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var output = new StringWriter();
        var console = Console.Out;
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", data.FullName);
        Console.SetOut(output);
        try
        {
            await QuickStart();
            Assert.DoesNotContain("demo", new MachineStore().List());
        }
        finally
        {
            Console.SetOut(console);
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", xdg);
            await RemoveLeftoversAsync(new MachineStore(Path.Combine(data.FullName, "boot2podman", "machines")));
            data.Delete(recursive: true);
        }

        Assert.Equal(["exit code 0", "hello from podman"], output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>A quick start that failed half-way leaves its machine running: kill and remove it.</summary>
    private static async Task RemoveLeftoversAsync(MachineStore store)
    {
        foreach (var name in store.List())
        {
            await store.RemoveAsync(name);
        }
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
