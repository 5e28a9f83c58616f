using Podman.Testing;

namespace Podman.Client.Tests.Vm.Readme;

// The README's Podman.Testing example, as written (ReadmeTests checks the two texts are the same). Its collection boots
// an appliance of its own; it allows parallelization, so xunit runs it before the collections that do not (the other
// VM collections), and disposes it first: one VM at a time.
// README testing example: begin
[CollectionDefinition("podman")]
public sealed class PodmanCollection : ICollectionFixture<PodmanApplianceFixture>;

[Collection("podman")]
public sealed class MyTests(PodmanApplianceFixture podman)
{
    [Fact]
    public async Task PodmanAnswers() =>
        Assert.StartsWith("4.", (await podman.Client.System.GetInfoAsync()).PodmanVersion);
}
// README testing example: end
