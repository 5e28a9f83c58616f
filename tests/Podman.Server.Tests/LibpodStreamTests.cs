using System.IO.Pipelines;
using System.Text;
using Podman.Server.Libpod;

namespace Podman.Server.Tests;

/// <summary>The streaming readers: docker's multiplexed frames and newline-delimited JSON, read as bytes arrive.</summary>
public sealed class LibpodStreamTests
{
    [Fact]
    public async Task RecordedLogStreamSplitsIntoFramesPerStream()
    {
        await using var body = File.OpenRead(Recorded.Path("logs-running.bin"));
        var frames = new List<LogFrame>();
        await foreach (var frame in LibpodClient.ReadFramesAsync(body))
        {
            frames.Add(frame);
        }

        // The container printed "out\n" to stdout, "err\n" to stderr and "partial" without a newline.
        Assert.Contains(frames, f => f.Stream == LogStream.Stdout && f.Payload.EndsWith(" out\n", StringComparison.Ordinal));
        Assert.Contains(frames, f => f.Stream == LogStream.Stderr && f.Payload.EndsWith(" err\n", StringComparison.Ordinal));
        Assert.Contains(frames, f => f.Stream == LogStream.Stdout && f.Payload.EndsWith(" partial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFrameIsYieldedBeforeTheStreamEnds()
    {
        var pipe = new Pipe();
        await using var reader = pipe.Reader.AsStream();
        await using var frames = LibpodClient.ReadFramesAsync(reader).GetAsyncEnumerator();
        var payload = Encoding.UTF8.GetBytes("2024-01-01T00:00:00Z first\n");
        await pipe.Writer.WriteAsync(new byte[] { 1, 0, 0, 0, 0, 0, 0, (byte)payload.Length });
        await pipe.Writer.WriteAsync(payload);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.True(await frames.MoveNextAsync().AsTask().WaitAsync(timeout.Token));
        Assert.Equal("2024-01-01T00:00:00Z first\n", frames.Current.Payload);
        await pipe.Writer.CompleteAsync();
        Assert.False(await frames.MoveNextAsync().AsTask().WaitAsync(timeout.Token));
    }

    [Fact]
    public async Task ABadFrameHeaderIsAnErrorNotGarbage()
    {
        await using var body = new MemoryStream(Encoding.ASCII.GetBytes("plain text, no header"));
        await Assert.ThrowsAsync<LibpodException>(async () =>
        {
            await foreach (var _ in LibpodClient.ReadFramesAsync(body))
            {
            }
        });
    }

    [Fact]
    public async Task LinesAreYieldedAsTheyArriveAcrossReads()
    {
        var pipe = new Pipe();
        await using var reader = pipe.Reader.AsStream();
        await using var lines = LibpodClient.ReadLinesAsync(reader).GetAsyncEnumerator();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await pipe.Writer.WriteAsync("{\"a\":"u8.ToArray());
        var first = lines.MoveNextAsync().AsTask();
        await pipe.Writer.WriteAsync("1}\n{\"b\""u8.ToArray());
        Assert.True(await first.WaitAsync(timeout.Token));
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(lines.Current));
        await pipe.Writer.WriteAsync(":2}"u8.ToArray());
        await pipe.Writer.CompleteAsync();
        Assert.True(await lines.MoveNextAsync().AsTask().WaitAsync(timeout.Token));
        Assert.Equal("{\"b\":2}", Encoding.UTF8.GetString(lines.Current));
        Assert.False(await lines.MoveNextAsync().AsTask().WaitAsync(timeout.Token));
    }
}
