namespace Podman.Client.Tests.Vm;

/// <summary>Images through Podman.Client: push to and pull from a real registry on the host, tag, untag, remove.</summary>
[Collection(ClientApplianceCollection.Name)]
public sealed class ImageTests(ClientApplianceFixture appliance)
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(4);
    private PodmanClient Client => appliance.Client;

    [Fact]
    public async Task PushedImageIsInTheRegistryAndPullsBackUnderItsName()
    {
        using var timeout = new CancellationTokenSource(Generous);
        var repository = "client/" + appliance.NewName("bb");
        var remote = $"{appliance.HostRegistry.GuestAddress}/{repository}:v1";
        var local = await Client.Images.GetAsync(ClientApplianceFixture.Image, timeout.Token);

        List<ImageProgress> pushed = [];
        await foreach (var progress in Client.Images.PushAsync(ClientApplianceFixture.Image, new ImagePushParameters { Destination = remote }, timeout.Token))
        {
            pushed.Add(progress);
        }

        Assert.NotEmpty(pushed);
        Assert.Contains(pushed.SelectMany(p => p.Logs), l => l.Contains("Writing manifest", StringComparison.OrdinalIgnoreCase) || l.Contains("Copying", StringComparison.OrdinalIgnoreCase));

        // The registry's own word: it holds the manifest now.
        var digest = await appliance.HostRegistry.GetManifestDigestAsync(repository, "v1", timeout.Token);
        Assert.NotNull(digest);
        Assert.StartsWith("sha256:", digest);

        // Pull it back under the registry's name: podman stores it as the same image, named and digested.
        Assert.False(await Client.Images.ExistsAsync(remote, timeout.Token));
        List<ImageProgress> pulled = [];
        await foreach (var progress in Client.Images.PullAsync(remote, cancellationToken: timeout.Token))
        {
            pulled.Add(progress);
        }

        var id = pulled[^1].ImageId;
        Assert.False(string.IsNullOrEmpty(id), string.Join(" | ", pulled.SelectMany(p => p.Logs)));
        var image = await Client.Images.GetAsync(remote, timeout.Token);
        Assert.Equal(id, image.Id);
        Assert.Contains(remote, image.RepoTags);
        Assert.Contains($"{appliance.HostRegistry.GuestAddress}/{repository}@{digest}", image.RepoDigests);
        Assert.Equal(local.Id, image.Id);

        await Client.Images.UntagAsync(image.Id, remote, timeout.Token);
        Assert.False(await Client.Images.ExistsAsync(remote, timeout.Token));
        Assert.True(await Client.Images.ExistsAsync(ClientApplianceFixture.Image, timeout.Token));
    }

    [Fact]
    public async Task PullOfAnImageTheRegistryLacksFailsAndLeavesNothing()
    {
        using var timeout = new CancellationTokenSource(Generous);
        var missing = $"{appliance.HostRegistry.GuestAddress}/client/{appliance.NewName("nosuch")}:v1";
        var error = await Assert.ThrowsAnyAsync<PodmanRemoteException>(async () =>
        {
            await foreach (var progress in Client.Images.PullAsync(missing, cancellationToken: timeout.Token))
            {
            }
        });
        Assert.Equal("PullImage", error.Method);
        Assert.False(await Client.Images.ExistsAsync(missing, timeout.Token));
        Assert.Equal("1", (await appliance.ShAsync($"podman image exists {missing}; echo $?")).Trim());
    }

    [Fact]
    public async Task TagAddsANameThatRemoveTakesAwayThenTheImageGoes()
    {
        using var timeout = new CancellationTokenSource(Generous);
        var source = await Client.Images.GetAsync(ClientApplianceFixture.Image, timeout.Token);

        // An image of its own (a commit of a container), so removing it leaves the shared one alone.
        var container = await Client.Containers.CreateAsync(new ContainerCreateParameters { Image = ClientApplianceFixture.Image, Command = ["true"] }, timeout.Token);
        var first = "localhost/" + appliance.NewName("tagged") + ":1";
        string? committed = null;
        await foreach (var progress in Client.Containers.CommitAsync(container, new ContainerCommitParameters { ImageName = first }, timeout.Token))
        {
            committed = progress.ImageId.Length > 0 ? progress.ImageId : committed;
        }

        await Client.Containers.RemoveAsync(container, cancellationToken: timeout.Token);
        Assert.NotNull(committed);
        Assert.NotEqual(source.Id, committed);

        var second = first.Replace(":1", ":2", StringComparison.Ordinal);
        Assert.Equal(committed, await Client.Images.TagAsync(first, second, timeout.Token));
        Assert.Equal([first, second], (await Client.Images.GetAsync(committed, timeout.Token)).RepoTags.Order(StringComparer.Ordinal));
        Assert.Contains(committed, (await Client.Images.ListAsync(cancellationToken: timeout.Token)).Select(i => i.Id));
        Assert.Equal(committed, (await appliance.ShAsync($"podman image inspect --format '{{{{.Id}}}}' {second}")).Trim());

        // Removing by one name while another remains only untags; removing the last name deletes the image.
        var untagged = await Client.Images.RemoveAsync(second, cancellationToken: timeout.Token);
        Assert.Contains(second, untagged.Untagged);
        Assert.True(await Client.Images.ExistsAsync(committed, timeout.Token));
        var removed = await Client.Images.RemoveAsync(first, cancellationToken: timeout.Token);
        Assert.Equal(committed, removed.Deleted);
        Assert.False(await Client.Images.ExistsAsync(committed, timeout.Token));
        var gone = await Assert.ThrowsAsync<ImageNotFoundException>(() => Client.Images.GetAsync(first, timeout.Token));
        Assert.Equal(first, gone.Id);
        await Assert.ThrowsAsync<ImageNotFoundException>(() => Client.Images.RemoveAsync(first, cancellationToken: timeout.Token));
        Assert.True(await Client.Images.ExistsAsync(ClientApplianceFixture.Image, timeout.Token));
    }
}
