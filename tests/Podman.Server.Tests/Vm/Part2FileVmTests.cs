using System.Diagnostics;
using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using Varlink;

namespace Podman.Server.Tests.Vm;

/// <summary>
/// SendFile/ReceiveFile and the image methods that use them (LoadImage, ImportImage, ImageSave,
/// ExportImage, BuildImage), the layer maps and ContainerRunlabel in the appliance, each checked
/// against what the <c>podman</c> CLI and the VM's files say.
/// </summary>
[Collection(IoPodmanVmCollection.Name)]
public sealed class Part2FileVmTests(IoPodmanVm vm)
{
    private const string Bb = IoPodmanVm.Image;

    private async Task<VarlinkConnection> ConnectAsync()
        => await vm.ConnectAsync();

    /// <summary>SendFile over SSH: the handle, after the service's <c>path:</c> ACK.</summary>
    private async Task<string> SendAsync(Stream content, long length)
    {
        await using var connection = await ConnectAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await using var upgrade = await connection.UpgradeAsync("io.podman.SendFile", ServiceHarness.Json($$"""{"type":"","length":{{length}}}"""), timeout.Token);
        var handle = upgrade.Reply.GetProperty("file_handle").GetString()!;
        await content.CopyToAsync(upgrade.Stream, 1 << 20, timeout.Token);
        await upgrade.Stream.FlushAsync(timeout.Token);
        var ack = new byte[handle.Length + 1];
        await upgrade.Stream.ReadExactlyAsync(ack, timeout.Token);
        Assert.Equal(handle + ":", Encoding.UTF8.GetString(ack));
        return handle;
    }

    private Task<string> SendAsync(byte[] content) => SendAsync(new MemoryStream(content), content.Length);

    private async Task<byte[]> ReceiveAsync(string path, bool delete)
    {
        await using var connection = await ConnectAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await using var upgrade = await connection.UpgradeAsync("io.podman.ReceiveFile", ServiceHarness.Json(JsonSerializer.Serialize(new { path, delete })), timeout.Token);
        var bytes = new byte[upgrade.Reply.GetProperty("len").GetInt64()];
        await upgrade.Stream.ReadExactlyAsync(bytes, timeout.Token);
        return bytes;
    }

    private async Task<bool> ExistsInVmAsync(string path) => (await vm.Machine.RunAsync($"test -e {path}")).ExitCode == 0;

    private static byte[] Tar(params (string Name, string Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { Mode = (UnixFileMode)0b110_100_100, DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            }
        }

        return buffer.ToArray();
    }

    [Fact]
    public async Task SendFileLandsInTmpAndReceiveFileSendsItBackThenDeletes()
    {
        var content = Enumerable.Range(0, 1_000_000).Select(i => (byte)(i * 31)).ToArray();
        var handle = await SendAsync(content);
        Assert.Matches("^/tmp/varlink_send[0-9]+$", handle);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), (await vm.ShAsync($"sha256sum {handle}")).Split(' ')[0]);
        Assert.Equal(content, await ReceiveAsync(handle, delete: true));
        Assert.False(await ExistsInVmAsync(handle));
    }

    [Fact]
    public async Task SendFileWhoseLengthLiesLeavesNoFileAndTheServiceGoesOn()
    {
        var before = await vm.TransferFilesAsync();

        // Declared longer than what comes: the client stops and leaves; no ACK, no file.
        string handle;
        await using (var connection = await ConnectAsync())
        {
            var upgrade = await connection.UpgradeAsync("io.podman.SendFile", ServiceHarness.Json("""{"type":"","length":100000}"""));
            handle = upgrade.Reply.GetProperty("file_handle").GetString()!;
            await upgrade.Stream.WriteAsync(new byte[1000]);
            await upgrade.Stream.FlushAsync();
            await upgrade.DisposeAsync();
        }

        var clock = Stopwatch.StartNew();
        while (await ExistsInVmAsync(handle) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            // Bounded: the service deletes the file when it sees the end of the client's bytes.
        }

        Assert.False(await ExistsInVmAsync(handle), $"{handle} is left behind");

        // Declared shorter than what is written: the file holds the declared bytes, the rest is dropped.
        await using (var connection = await ConnectAsync())
        {
            await using var upgrade = await connection.UpgradeAsync("io.podman.SendFile", ServiceHarness.Json("""{"type":"","length":4}"""));
            handle = upgrade.Reply.GetProperty("file_handle").GetString()!;
            await upgrade.Stream.WriteAsync("abcdefgh"u8.ToArray());
            await upgrade.Stream.FlushAsync();
            var ack = new byte[handle.Length + 1];
            await upgrade.Stream.ReadExactlyAsync(ack);
            Assert.Equal(handle + ":", Encoding.UTF8.GetString(ack));
        }

        Assert.Equal("abcd", await vm.ShAsync($"cat {handle}"));
        Assert.Equal("abcd"u8.ToArray(), await ReceiveAsync(handle, delete: true));

        Assert.Equal(before, await vm.TransferFilesAsync());
        var notUpgraded = await Assert.ThrowsAnyAsync<VarlinkRemoteException>(() => vm.CallAsync("SendFile", """{"type":"","length":3}"""));
        Assert.Equal("client must use upgraded connection to send files", notUpgraded.Parameters.GetProperty("reason").GetString());
        var outside = await Assert.ThrowsAnyAsync<VarlinkRemoteException>(() => ReceiveAsync("/etc/shadow", delete: false));
        Assert.StartsWith("path:", outside.Parameters.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("1.9.3", (await vm.CallAsync("GetVersion")).GetProperty("version").GetString());
    }

    /// <summary>
    /// A 200 MB SendFile streams: the service's peak RSS (VmHWM, reset through clear_refs before) stays
    /// far below the file's size. The figures go to the test output file sendfile-rss.txt.
    /// </summary>
    [Fact]
    public async Task A200MegabyteSendFileDoesNotNeed200MegabytesInTheService()
    {
        const long Length = 200L * 1024 * 1024;
        var pid = (await vm.ShAsync("for p in /proc/[0-9]*; do [ \"$(readlink $p/exe)\" = /usr/libexec/boot2podman/podman-server ] && echo ${p#/proc/}; done; true")).Trim();
        Assert.Matches("^[0-9]+$", pid);
        var idle = await KilobytesAsync(pid, "VmRSS");
        await vm.ShAsync($"echo 5 > /proc/{pid}/clear_refs");
        var handle = await SendAsync(new PatternStream(Length), Length);
        try
        {
            var peak = await KilobytesAsync(pid, "VmHWM");
            Assert.Equal(Length.ToString(System.Globalization.CultureInfo.InvariantCulture), (await vm.ShAsync($"stat -c %s {handle}")).Trim());
            var line = $"podman-server RSS: idle {idle} kB, peak during a 200 MiB SendFile {peak} kB";
            await File.AppendAllTextAsync(Path.Combine(AppContext.BaseDirectory, "sendfile-rss.txt"), line + Environment.NewLine);
            Assert.True(peak < 80 * 1024, line);
        }
        finally
        {
            await vm.Machine.RunAsync($"rm -f {handle}");
        }
    }

    private async Task<long> KilobytesAsync(string pid, string field)
        => long.Parse((await vm.ShAsync($"awk '/^{field}:/ {{ print $2 }}' /proc/{pid}/status")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task ImageSaveThenLoadImageGiveBackTheSameImage()
    {
        await vm.Machine.RunAsync("podman rmi -f localhost/vmt-save:1");
        await vm.ShAsync($"podman tag {Bb} localhost/vmt-save:1");
        var id = (await vm.ShAsync("podman inspect localhost/vmt-save:1 --format '{{.Id}}'")).Trim();
        var saved = await vm.CallMoreAsync("ImageSave", """{"options":{"name":"localhost/vmt-save:1","format":"docker-archive","output":"","outputType":"","moreTags":[],"quiet":false,"compress":false}}""");
        var path = Assert.Single(saved).GetProperty("reply").GetProperty("id").GetString()!;
        Assert.Matches("^/tmp/varlink_send[0-9]+$", path);
        Assert.Contains("manifest.json", Lines(await vm.ShAsync($"tar tf {path}")));
        var archive = await ReceiveAsync(path, delete: true);
        Assert.False(await ExistsInVmAsync(path));

        await vm.ShAsync("podman rmi localhost/vmt-save:1");
        var handle = await SendAsync(archive);
        var loaded = await vm.CallAsync("LoadImage", JsonSerializer.Serialize(new { name = "", inputFile = handle, quiet = false, deleteFile = true }));
        Assert.Contains("localhost/vmt-save:1", loaded.GetProperty("reply").GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(id, (await vm.ShAsync("podman inspect localhost/vmt-save:1 --format '{{.Id}}'")).Trim());
        Assert.False(await ExistsInVmAsync(handle));
        await vm.ShAsync("podman rmi localhost/vmt-save:1");
    }

    [Fact]
    public async Task ImportImageMakesTheImagePodmanThenShows()
    {
        await vm.Machine.RunAsync("podman rmi -f localhost/vmt-imp:1");
        var handle = await SendAsync(Tar(("hello.txt", "imported\n")));
        var id = (await vm.CallAsync("ImportImage", JsonSerializer.Serialize(new { source = handle, reference = "localhost/vmt-imp:1", message = "vmt import", changes = new[] { "CMD=[\"/hello.txt\"]" }, delete = true }))).GetProperty("image").GetString();
        Assert.Equal((await vm.ShAsync("podman inspect localhost/vmt-imp:1 --format '{{.Id}}'")).Trim(), id);
        Assert.Equal("[/hello.txt]", (await vm.ShAsync("podman inspect localhost/vmt-imp:1 --format '{{.Config.Cmd}}'")).Trim());
        Assert.Contains("vmt import", await vm.ShAsync("podman history --no-trunc --format '{{.Comment}}' localhost/vmt-imp:1"), StringComparison.Ordinal);
        Assert.False(await ExistsInVmAsync(handle));
        var missing = await Assert.ThrowsAnyAsync<VarlinkRemoteException>(() => vm.CallAsync("ImportImage", """{"source":"/tmp/varlink_send-none","reference":"","message":"","changes":[],"delete":false}"""));
        Assert.StartsWith("source:", missing.Parameters.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await vm.ShAsync("podman rmi localhost/vmt-imp:1");
    }

    [Fact]
    public async Task ExportImageWritesAnArchivePodmanLoads()
    {
        await vm.Machine.RunAsync("rm -f /tmp/vmt-export.tar; podman rmi -f localhost/vmt-exported:1");
        var id = (await vm.ShAsync($"podman inspect {Bb} --format '{{{{.Id}}}}'")).Trim();
        Assert.Equal(id, (await vm.CallAsync("ExportImage", $$"""{"name":"{{Bb}}","destination":"oci-archive:/tmp/vmt-export.tar","compress":false,"tags":[]}""")).GetProperty("image").GetString());
        Assert.Contains("index.json", Lines(await vm.ShAsync("tar tf /tmp/vmt-export.tar")));
        await vm.ShAsync("podman load -q -i /tmp/vmt-export.tar >/dev/null");
        Assert.Equal("io.podman.ImageNotFound", (await Assert.ThrowsAnyAsync<VarlinkRemoteException>(() => vm.CallAsync("ExportImage", """{"name":"localhost/vmt-nosuch:1","destination":"oci-archive:/tmp/x.tar","compress":false,"tags":[]}"""))).ErrorName);
        Assert.StartsWith("destination:", (await Assert.ThrowsAnyAsync<VarlinkRemoteException>(() => vm.CallAsync("ExportImage", $$"""{"name":"{{Bb}}","destination":"/tmp/x.tar","compress":false,"tags":[]}"""))).Parameters.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await vm.ShAsync("rm -f /tmp/vmt-export.tar");
    }

    [Fact]
    public async Task BuildImageFromASentContextStreamsItsOutputAndRunlabelRunsItsLabel()
    {
        await vm.Machine.RunAsync("podman rmi -f localhost/vmt-built:1; rm -f /tmp/vmt-runlabel-done");
        var context = Tar(
            ("Containerfile", $"FROM {Bb}\nCOPY greeting /greeting\nCOPY greeting /built\nRUN echo ran >> /built\nLABEL RUN=\"touch /tmp/vmt-runlabel-done\"\n"),
            ("greeting", "hi from the context\n"));
        var handle = await SendAsync(context);
        var build = $$"""{"architecture":"","addCapabilities":[],"additionalTags":[],"annotations":[],"buildArgs":{},"buildOptions":{"addHosts":[],"cgroupParent":"","cpuPeriod":0,"cpuQuota":0,"cpuShares":0,"cpusetCpus":"","cpusetMems":"","memory":0,"memorySwap":0,"shmSize":"","ulimit":[],"volume":[]},"cniConfigDir":"","cniPluginDir":"","compression":"","contextDir":"{{handle}}","defaultsMountFilePath":"","devices":[],"dockerfiles":["/client/dir/Containerfile"],"dropCapabilities":[],"err":"","forceRmIntermediateCtrs":false,"iidfile":"","label":[],"layers":true,"nocache":false,"os":"","out":"","output":"localhost/vmt-built:1","outputFormat":"","pullPolicy":"PullNever","quiet":false,"remoteIntermediateCtrs":true,"reportWriter":"","runtimeArgs":[],"signBy":"","squash":false,"target":"","transientMounts":[]}""";
        var replies = (await vm.CallMoreAsync("BuildImage", $$"""{"build":{{build}}}""")).Select(r => r.GetProperty("image")).ToList();
        Assert.True(replies.Count > 3, "the build's output comes line by line");
        Assert.Contains(replies, r => r.GetProperty("logs").EnumerateArray().Any(l => l.GetString()!.Contains("STEP 3/5: COPY greeting /built", StringComparison.Ordinal)));
        Assert.Contains(replies, r => r.GetProperty("logs").EnumerateArray().Any(l => l.GetString()!.Contains("STEP 4/5: RUN echo ran >> /built", StringComparison.Ordinal)));
        Assert.Equal((await vm.ShAsync("podman inspect localhost/vmt-built:1 --format '{{.Id}}'")).Trim(), replies[^1].GetProperty("id").GetString());
        Assert.Equal("hi from the context\nhi from the context\nran", (await vm.ShAsync("podman run --rm localhost/vmt-built:1 cat /greeting /built")).Trim());
        Assert.False(await ExistsInVmAsync(handle), "BuildImage deletes the context tar");

        await vm.CallAsync("ContainerRunlabel", """{"runlabel":{"image":"localhost/vmt-built:1","authfile":"","display":false,"name":"","pull":false,"label":"RUN","extraArgs":[],"opts":{}}}""");
        Assert.True(await ExistsInVmAsync("/tmp/vmt-runlabel-done"), "the RUN label's command ran in the VM");
        var noLabel = await Assert.ThrowsAnyAsync<VarlinkRemoteException>(() => vm.CallAsync("ContainerRunlabel", """{"runlabel":{"image":"localhost/vmt-built:1","authfile":"","display":false,"name":"","pull":false,"label":"NOSUCH","extraArgs":[],"opts":{}}}"""));
        Assert.Equal("io.podman.ErrorOccurred", noLabel.ErrorName);

        var error = await Assert.ThrowsAnyAsync<VarlinkRemoteException>(async () =>
        {
            var bad = await SendAsync(Tar(("Containerfile", "FROM localhost/vmt-nosuch:1\n")));
            await vm.CallMoreAsync("BuildImage", $$$"""{"build":{"contextDir":"{{{bad}}}","dockerfiles":["Containerfile"],"pullPolicy":"PullNever","output":"localhost/vmt-bad:1"}}""");
        });
        Assert.Equal("io.podman.ErrorOccurred", error.ErrorName);
        Assert.Equal("1", (await vm.Machine.RunAsync("podman image exists localhost/vmt-bad:1; echo $?")).StandardOutput.Trim());
        await vm.ShAsync("podman rmi localhost/vmt-built:1 && rm -f /tmp/vmt-runlabel-done");
    }

    [Fact]
    public async Task LayerMapsAreWhatStorageHolds()
    {
        var id = (await vm.ShAsync($"podman inspect {Bb} --format '{{{{.Id}}}}'")).Trim();
        var upper = (await vm.ShAsync($"podman inspect {Bb} --format '{{{{.GraphDriver.Data.UpperDir}}}}'")).Trim();
        var top = Path.GetFileName(Path.GetDirectoryName(upper))!;
        using var hierarchy = JsonDocument.Parse((await vm.CallAsync("BuildImageHierarchyMap", $$"""{"name":"{{Bb}}"}""")).GetProperty("imageInfo").GetString()!);
        Assert.Equal(id, hierarchy.RootElement.GetProperty("ID").GetString());
        Assert.Contains(Bb, hierarchy.RootElement.GetProperty("Tags").EnumerateArray().Select(t => t.GetString()));
        var layers = hierarchy.RootElement.GetProperty("Layers");
        Assert.Equal(int.Parse((await vm.ShAsync($"podman inspect {Bb} --format '{{{{len .RootFS.Layers}}}}'")).Trim(), System.Globalization.CultureInfo.InvariantCulture), layers.GetArrayLength());
        Assert.Equal(top, layers[layers.GetArrayLength() - 1].GetProperty("ID").GetString());
        Assert.Equal("", layers[0].GetProperty("ParentID").GetString());

        using var map = JsonDocument.Parse((await vm.CallAsync("GetLayersMapWithImageInfo")).GetProperty("layerMap").GetString()!);
        var graphRoot = (await vm.ShAsync("podman info --format '{{.Store.GraphRoot}}'")).Trim();
        var onDisk = Lines(await vm.ShAsync($"ls {graphRoot}/overlay")).Where(d => d != "l").Order(StringComparer.Ordinal);
        Assert.Equal(onDisk, map.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n.Length > 0).Order(StringComparer.Ordinal));
        Assert.True(map.RootElement.TryGetProperty("", out _), "1.9 added an empty entry under \"\"");
        Assert.Contains(Bb, map.RootElement.GetProperty(top).GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("io.podman.ErrorOccurred", (await Assert.ThrowsAnyAsync<VarlinkRemoteException>(() => vm.CallAsync("BuildImageHierarchyMap", """{"name":"localhost/vmt-nosuch:1"}"""))).ErrorName);
        Assert.Equal("io.podman.ErrorOccurred", (await Assert.ThrowsAnyAsync<VarlinkRemoteException>(() => vm.CallAsync("CreateFromCC", """{"in":[]}"""))).ErrorName);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A read-only stream of <c>length</c> pattern bytes, made as read (nothing held).</summary>
    private sealed class PatternStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++)
            {
                buffer[offset + i] = (byte)((_position + i) % 251);
            }

            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
