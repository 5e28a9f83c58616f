using Podman.Server.Service;
using Podman.Varlink;

namespace Podman.Server.Tests;

/// <summary>The small translations of part 2: image references, registries, 1.9's pod status, kube YAML scalars.</summary>
public sealed class ImagePodMappingTests
{
    [Theory]
    [InlineData("localhost/bb:test", "localhost/bb", "test")]
    [InlineData("bb", "bb", "latest")]
    [InlineData("10.0.2.2:5000/rec/bb", "10.0.2.2:5000/rec/bb", "latest")]
    [InlineData("10.0.2.2:5000/rec/bb:v1", "10.0.2.2:5000/rec/bb", "v1")]
    [InlineData("bb:", "bb", "latest")]
    public void ReferencesSplitIntoRepoAndTag(string reference, string repo, string tag)
        => Assert.Equal((repo, tag), PodmanService.SplitReference(reference, "tagged"));

    [Fact]
    public void AnEmptyReferenceNamesTheParameter()
        => Assert.StartsWith("tagged", Assert.Throws<ErrorOccurredException>(() => PodmanService.SplitReference(" ", "tagged")).Reason, StringComparison.Ordinal);

    [Theory]
    [InlineData("10.0.2.2:5000/rec/bb:v1", "10.0.2.2:5000")]
    [InlineData("quay.io/a/b", "quay.io")]
    [InlineData("localhost/bb", "localhost")]
    [InlineData("library/bb", null)]
    [InlineData("bb", null)]
    public void TheRegistryOfAReference(string reference, string? registry) => Assert.Equal(registry, PodmanService.RegistryOf(reference));

    [Theory]
    [InlineData(new string[0], "Created")]
    [InlineData(new[] { "running", "exited" }, "Running")]
    [InlineData(new[] { "stopping" }, "Running")]
    [InlineData(new[] { "paused", "paused" }, "Paused")]
    [InlineData(new[] { "exited", "stopped" }, "Exited")]
    [InlineData(new[] { "exited", "created" }, "Stopped")]
    [InlineData(new[] { "created", "initialized" }, "Created")]
    [InlineData(new[] { "created", "removing" }, "Error")]
    public void PodStatusIs19sRule(string[] states, string status) => Assert.Equal(status, PodShapes.Status(states));

    [Fact]
    public void KubeYamlScalarsAreTypedLikeYamlsCoreSchema()
    {
        var json = Assert.Single(KubeYaml.ToJsonDocuments("a: 1\nb: \"1\"\nc: false\nd: {}\ne:\n- x\n- 2.5\nf: null\n"));
        Assert.Equal("""{"a":1,"b":"1","c":false,"d":{},"e":["x",2.5],"f":null}""", json);
    }
}
