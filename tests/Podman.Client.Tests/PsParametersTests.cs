using System.Text.Json;

namespace Podman.Client.Tests;

/// <summary>What <see cref="ContainersClient.PsAsync"/> puts in io.podman's <c>PsOpts</c>.</summary>
public sealed class PsParametersTests
{
    private static async Task<JsonElement> SentOptsAsync(ContainerPsParameters parameters)
    {
        JsonElement sent = default;
        await using var podman = new FakePodman().On("Ps", async (call, token) =>
        {
            sent = call.Parameters.GetProperty("opts").Clone();
            await call.ReplyAsync(FakePodman.Json("""{"containers":[]}"""), cancellationToken: token);
        });
        await using var client = podman.CreateClient();
        Assert.Empty(await client.Containers.PsAsync(parameters));
        return sent;
    }

    [Fact]
    public async Task NoTruncAndPodAreSentAsPsOptsFields()
    {
        JsonElement opts = await SentOptsAsync(new ContainerPsParameters { All = true, NoTrunc = true, Pod = true });

        Assert.True(opts.GetProperty("noTrunc").GetBoolean());
        Assert.True(opts.GetProperty("pod").GetBoolean());
        Assert.True(opts.GetProperty("all").GetBoolean());
    }

    [Fact]
    public async Task NoTruncAndPodAreLeftOutByDefault()
    {
        JsonElement opts = await SentOptsAsync(new ContainerPsParameters());

        Assert.False(opts.TryGetProperty("noTrunc", out _));
        Assert.False(opts.TryGetProperty("pod", out _));
    }
}
