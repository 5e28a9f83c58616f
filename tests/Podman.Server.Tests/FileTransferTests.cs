using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Varlink;

namespace Podman.Server.Tests;

/// <summary>
/// SendFile and ReceiveFile on the wire, byte for byte as 1.9.3 (reference §3.3/§3.4): the reply, the
/// raw bytes, SendFile's <c>path:</c> ACK; a transfer whose length lies leaves no file behind.
/// </summary>
public sealed class FileTransferTests : RecordedServiceTests
{
    private static readonly string TempDir = Path.TrimEndingDirectorySeparator(Path.GetTempPath());

    /// <summary>SendFile's whole exchange: the handle, the bytes, the ACK (read to the end of the connection).</summary>
    internal static async Task<string> SendAsync(ServiceHarness service, byte[] content)
    {
        await using var connection = await service.ConnectAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var upgrade = await connection.UpgradeAsync("io.podman.SendFile", ServiceHarness.Json($$"""{"type":"","length":{{content.Length}}}"""), timeout.Token);
        var handle = upgrade.Reply.GetProperty("file_handle").GetString()!;
        await upgrade.Stream.WriteAsync(content, timeout.Token);
        await upgrade.Stream.FlushAsync(timeout.Token);
        var ack = await ReadToEndAsync(upgrade.Stream, timeout.Token);
        Assert.Equal(handle + ":", Encoding.ASCII.GetString(ack));
        return handle;
    }

    private static async Task<byte[]> ReadToEndAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>Waits (bounded) until the service has removed <paramref name="path"/>.</summary>
    internal static async Task<bool> GoneAsync(string path)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 500 && clock.Elapsed < TimeSpan.FromSeconds(10); i++)
        {
            if (!File.Exists(path))
            {
                return true;
            }

            await Task.Delay(20);
        }

        return !File.Exists(path);
    }

    [Fact]
    public async Task SendFileWritesTheBytesToAVarlinkSendFileInTmpAndAcksWithPathColon()
    {
        var content = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        var handle = await SendAsync(Service, content);
        try
        {
            Assert.Equal(TempDir, Path.GetDirectoryName(handle));
            Assert.Matches("^varlink_send[0-9]+$", Path.GetFileName(handle));
            Assert.Equal(content, await File.ReadAllBytesAsync(handle));
        }
        finally
        {
            File.Delete(handle);
        }
    }

    [Fact]
    public async Task SendFileWithoutUpgradeIsErrorOccurredAsIn193()
    {
        var error = await Service.CallErrorAsync("SendFile", """{"type":"","length":3}""");
        Assert.Equal("io.podman.ErrorOccurred", error.ErrorName);
        Assert.Equal("client must use upgraded connection to send files", error.Parameters.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task SendFileWhoseBytesEndBeforeItsLengthGetsNoAckAndLeavesNoFile()
    {
        string handle;
        await using (var connection = await Service.ConnectAsync())
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var upgrade = await connection.UpgradeAsync("io.podman.SendFile", ServiceHarness.Json("""{"type":"","length":1000}"""), timeout.Token);
            handle = upgrade.Reply.GetProperty("file_handle").GetString()!;
            Assert.True(File.Exists(handle));
            await upgrade.Stream.WriteAsync(new byte[10], timeout.Token);
            await upgrade.Stream.FlushAsync(timeout.Token);
            await upgrade.DisposeAsync();
        }

        Assert.True(await GoneAsync(handle), $"{handle} is left behind");

        // The service goes on serving: a whole transfer works next.
        var next = await SendAsync(Service, [1, 2, 3]);
        File.Delete(next);
    }

    [Fact]
    public async Task SendFileWithANegativeLengthIsErrorOccurredNamingLength()
    {
        await using var connection = await Service.ConnectAsync();
        var error = await Assert.ThrowsAnyAsync<VarlinkRemoteException>(() => connection.UpgradeAsync("io.podman.SendFile", ServiceHarness.Json("""{"type":"","length":-1}""")));
        Assert.StartsWith("length:", error.Parameters.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiveFileSendsTheLengthThenTheBytesAndDeletesWhenAsked()
    {
        var content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("a tar, say; ", 20_000)));
        var handle = await SendAsync(Service, content);
        await using (var connection = await Service.ConnectAsync())
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await using var upgrade = await connection.UpgradeAsync("io.podman.ReceiveFile", ServiceHarness.Json(JsonSerializer.Serialize(new { path = handle, delete = true })), timeout.Token);
            Assert.Equal(content.Length, upgrade.Reply.GetProperty("len").GetInt64());
            Assert.Equal(content, await ReadToEndAsync(upgrade.Stream, timeout.Token));
        }

        Assert.True(await GoneAsync(handle), "delete=true removes the file once it is sent");
    }

    [Fact]
    public async Task ReceiveFileKeepsTheFileWithoutDelete()
    {
        var handle = await SendAsync(Service, [9, 8, 7]);
        try
        {
            await using (var connection = await Service.ConnectAsync())
            {
                await using var upgrade = await connection.UpgradeAsync("io.podman.ReceiveFile", ServiceHarness.Json(JsonSerializer.Serialize(new { path = handle, delete = false })));
                Assert.Equal([9, 8, 7], await ReadToEndAsync(upgrade.Stream, CancellationToken.None));
            }

            Assert.True(File.Exists(handle));
        }
        finally
        {
            File.Delete(handle);
        }
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("/tmp/../etc/shadow")]
    [InlineData("")]
    public async Task ReceiveFileOfAFileTheServiceDidNotMakeIsErrorOccurredNamingPath(string path)
    {
        await using var connection = await Service.ConnectAsync();
        var error = await Assert.ThrowsAnyAsync<VarlinkRemoteException>(() => connection.UpgradeAsync("io.podman.ReceiveFile", ServiceHarness.Json(JsonSerializer.Serialize(new { path, delete = true }))));
        Assert.Equal("io.podman.ErrorOccurred", error.ErrorName);
        Assert.StartsWith("path:", error.Parameters.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiveFileWithoutUpgradeIsErrorOccurred()
    {
        var error = await Service.CallErrorAsync("ReceiveFile", """{"path":"/tmp/varlink_send1","delete":false}""");
        Assert.Equal("client must use upgraded connection to send files", error.Parameters.GetProperty("reason").GetString());
    }
}
