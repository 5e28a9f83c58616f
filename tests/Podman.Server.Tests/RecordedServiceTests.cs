namespace Podman.Server.Tests;

/// <summary>
/// A test class of io.podman methods against libpod replies recorded in Recorded/part2: the service
/// on a fake libpod, fresh per test; no connection may end in a failure.
/// </summary>
public abstract class RecordedServiceTests : IAsyncLifetime
{
    protected ServiceHarness Service { get; private set; } = null!;

    protected FakeLibpod Libpod => Service.Libpod;

    /// <summary>A file of Recorded/part2.</summary>
    internal static string Part2(string name) => "part2/" + name;

    public async Task InitializeAsync()
    {
        Service = await ServiceHarness.StartAsync();
        Routes();
    }

    /// <summary>The replies every test of the class needs.</summary>
    protected virtual void Routes()
    {
    }

    public async Task DisposeAsync()
    {
        Assert.Empty(Service.Failures);
        await Service.DisposeAsync();
    }
}
