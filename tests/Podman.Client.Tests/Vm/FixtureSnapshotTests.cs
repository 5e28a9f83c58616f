using Podman.Testing;

namespace Podman.Client.Tests.Vm;

/// <summary>
/// The fixture's golden snapshot: the collection's fixture booted the ISO cold and saved it (or resumed the
/// snapshot an earlier fixture saved); a second fixture of the same shape resumes a clone of that state instead
/// of booting, runs containers, and sees nothing the first fixture's tests did.
/// </summary>
[Collection(ClientApplianceCollection.Name)]
public sealed class FixtureSnapshotTests(ClientApplianceFixture appliance)
{
    [Fact]
    public async Task ASecondFixtureResumesTheSnapshotAndSeesNoneOfTheFirstsContainers()
    {
        // With the snapshots turned off, or a reused machine, there is no snapshot to resume (scripts/test.sh has neither).
        if (Environment.GetEnvironmentVariable(PodmanApplianceFixture.SnapshotsVariable) is "0" or "off" or "false" || !appliance.OwnsMachine)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        string name = "first-only-" + Guid.NewGuid().ToString("N")[..8];
        await appliance.Client.Containers.CreateAsync(
            new ContainerCreateParameters { Image = ClientApplianceFixture.Image, Name = name, Command = ["true"] }, timeout.Token);

        var second = new ClientApplianceFixture(startsHostRegistry: false);   // the same shape; no second registry needed
        try
        {
            await second.InitializeAsync();
            Assert.StartsWith("resumed from snapshot", second.StartKind, StringComparison.Ordinal);
            Assert.NotNull(second.Machine.LastBootTimings);
            Assert.True(second.Machine.LastBootTimings.Restored, "the second machine's start was not a restore");
            var seen = await second.Client.Containers.ListAsync(timeout.Token);
            Assert.DoesNotContain(seen, c => c.Name == name);

            var run = await second.Client.Containers.RunAsync(ClientApplianceFixture.Image, ["echo", "from the clone"], timeout.Token);
            Assert.Equal(0, run.ExitCode);
            Assert.Equal("from the clone\n", run.Stdout);
            Assert.Contains(await appliance.Client.Containers.ListAsync(timeout.Token), c => c.Name == name);
        }
        finally
        {
            await second.DisposeAsync();
        }
    }
}
