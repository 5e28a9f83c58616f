using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Podman.Testing;

namespace Podman.Client.Tests.Vm;

/// <summary>
/// Files through io.podman's SendFile and ReceiveFile, end to end, and the image calls that take a file from this side:
/// import a rootfs, load an archive, build from a context tar. Each is checked in the VM (the file's digest, podman's
/// own listing) or by running what was made.
/// </summary>
[Collection(ClientApplianceCollection.Name)]
public sealed class FileTransferVmTests(ClientApplianceFixture appliance)
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(6);
    private PodmanClient Client => appliance.Client;

    /// <summary>How many of io.podman's transfer files lie in the VM's /tmp.</summary>
    private async Task<int> TransferFilesAsync() =>
        int.Parse((await appliance.ShAsync("ls /tmp | grep -c '^varlink_send' || true")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task SentFileHasTheExactBytesInTheVmAndReceiveFileBringsThemBackAndDeletesIt()
    {
        using var timeout = new CancellationTokenSource(Generous);
        var bytes = RandomNumberGenerator.GetBytes(300 * 1024 + 7);
        var handle = await Client.System.SendFileAsync(new MemoryStream(bytes), bytes.Length, cancellationToken: timeout.Token);
        Assert.StartsWith("/tmp/varlink_send", handle, StringComparison.Ordinal);

        // Complete when SendFile returns (it waited for the service's acknowledgement): the VM's own digest of it.
        var digest = (await appliance.ShAsync($"sha256sum {handle}")).Split(' ')[0];
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), digest);

        var back = new MemoryStream();
        Assert.Equal(bytes.Length, await Client.System.ReceiveFileAsync(handle, back, delete: true, timeout.Token));
        Assert.Equal(bytes, back.ToArray());
        Assert.Equal("gone", (await appliance.ShAsync($"test -e {handle} && echo there || echo gone")).Trim());
    }

    [Fact]
    public async Task ImportFromAStreamMakesAnImageThatRunsAndLeavesNoFile()
    {
        using var timeout = new CancellationTokenSource(Generous);
        var files = await TransferFilesAsync();
        var name = $"localhost/{appliance.NewName("imported")}:1";
        var id = await Client.Images.ImportAsync(new MemoryStream(await BusyboxImage.BuildRootfsTarAsync()), name, "from a stream", ["CMD=/bin/sh"], timeout.Token);

        Assert.Equal(id, (await Client.Images.GetAsync(name, timeout.Token)).Id);
        Assert.Equal(id, (await appliance.ShAsync($"podman image inspect --format '{{{{.Id}}}}' {name}")).Trim());
        var run = await Client.Containers.RunAsync(name, ["echo", "imported"], timeout.Token);
        Assert.Equal((0, "imported\n"), (run.ExitCode, run.Stdout));
        Assert.Equal(files, await TransferFilesAsync());   // ImportImage deleted the sent rootfs

        await Client.Images.RemoveAsync(name, cancellationToken: timeout.Token);
    }

    [Fact]
    public async Task SavedImageLoadsBackFromAStream()
    {
        using var timeout = new CancellationTokenSource(Generous);
        var saved = $"localhost/{appliance.NewName("saved")}:1";
        var source = await Client.Images.TagAsync(ClientApplianceFixture.Image, saved, timeout.Token);

        // ImageSave writes a transfer file in the VM (the last report's id), ReceiveFile brings it here.
        string? archivePath = null;
        await foreach (var progress in Client.Images.SaveAsync(saved, new ImageSaveParameters { Output = "saved.tar" }, timeout.Token))
        {
            archivePath = progress.ImageId.Length > 0 ? progress.ImageId : archivePath;
        }

        Assert.NotNull(archivePath);
        var archive = new MemoryStream();
        await Client.System.ReceiveFileAsync(archivePath, archive, delete: true, timeout.Token);
        await Client.Images.UntagAsync(source, saved, timeout.Token);
        Assert.False(await Client.Images.ExistsAsync(saved, timeout.Token));

        archive.Position = 0;
        var files = await TransferFilesAsync();
        List<ImageProgress> loaded = [];
        await foreach (var progress in Client.Images.LoadAsync(archive, cancellationToken: timeout.Token))
        {
            loaded.Add(progress);
        }

        Assert.Contains(saved, loaded[^1].ImageId, StringComparison.Ordinal);
        Assert.Equal(source, (await Client.Images.GetAsync(saved, timeout.Token)).Id);
        Assert.Equal(files, await TransferFilesAsync());   // LoadImage deleted the sent archive
        await Client.Images.UntagAsync(source, saved, timeout.Token);
    }

    [Fact]
    public async Task BuildFromAContextTarRunsTheContainerfileInTheVm()
    {
        using var timeout = new CancellationTokenSource(Generous);
        var context = new MemoryStream();
        await using (var tar = new TarWriter(context, TarEntryFormat.Pax, leaveOpen: true))
        {
            await WriteFileAsync(tar, "Containerfile", $"FROM {ClientApplianceFixture.Image}\nCOPY note /note\nRUN cat /note > /built\n");
            await WriteFileAsync(tar, "note", "built from a context tar\n");
        }

        context.Position = 0;
        var name = $"localhost/{appliance.NewName("built")}:1";
        List<ImageProgress> progress = [];
        await foreach (var report in Client.Images.BuildAsync(context, new ImageBuildParameters { Tags = [name], Containerfiles = ["Containerfile"] }, timeout.Token))
        {
            progress.Add(report);
        }

        var id = progress[^1].ImageId;
        Assert.False(string.IsNullOrEmpty(id), string.Join("", progress.SelectMany(p => p.Logs)));
        Assert.Contains(progress.SelectMany(p => p.Logs), l => l.Contains("COPY note /note", StringComparison.Ordinal));
        Assert.Equal(id, (await Client.Images.GetAsync(name, timeout.Token)).Id);
        var run = await Client.Containers.RunAsync(name, ["cat", "/built"], timeout.Token);
        Assert.Equal((0, "built from a context tar\n"), (run.ExitCode, run.Stdout));

        await Client.Images.RemoveAsync(name, cancellationToken: timeout.Token);
    }

    private static Task WriteFileAsync(TarWriter tar, string name, string text) =>
        tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
        });
}
