using System.Buffers;
using System.Text;
using Varlink.Tests.Support;

namespace Varlink.Tests;

public class FramingTests
{
    /// <summary>
    /// Feeds the chunks one read at a time, as a pipe would (each read sees all unconsumed bytes, one
    /// segment per chunk), keeping the scan position between reads. Returns the frames and the unconsumed rest.
    /// </summary>
    private static (List<string> Frames, int Leftover) ReadChunks(IReadOnlyList<byte[]> chunks, int max = 1024)
    {
        var frames = new List<string>();
        var pending = new List<byte[]>();
        long scanned = 0;
        for (int i = 0; i < chunks.Count; i++)
        {
            pending.Add(chunks[i]);
            var buffer = Segments.Create(pending);
            while (FrameReader.TryReadFrame(ref buffer, ref scanned, max, out var frame))
            {
                frames.Add(Encoding.UTF8.GetString(frame.ToArray()));
            }

            // Keep only the unconsumed bytes, as AdvanceTo(buffer.Start, buffer.End) would.
            pending = buffer.IsEmpty ? [] : [buffer.ToArray()];
        }

        return (frames, pending.Sum(p => p.Length));
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void WholeFrameInOneReadIsReturnedWithoutItsNul()
    {
        var (frames, rest) = ReadChunks([Bytes("{\"a\":1}\0")]);
        Assert.Equal(["{\"a\":1}"], frames);
        Assert.Equal(0, rest);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(15)]
    public void FramesSplitAcrossReadsAtAnyPointAreReassembled(int split)
    {
        var wire = Bytes("{\"a\":1}\0{\"bb\":22}\0");
        var (frames, rest) = ReadChunks([wire[..split], wire[split..]]);
        Assert.Equal(["{\"a\":1}", "{\"bb\":22}"], frames);
        Assert.Equal(0, rest);
    }

    [Fact]
    public void FrameArrivingOneByteAtATimeIsReassembled()
    {
        var wire = Bytes("{\"method\":\"a.B\"}\0{}\0");
        var (frames, _) = ReadChunks(wire.Select(b => new[] { b }).ToArray());
        Assert.Equal(["{\"method\":\"a.B\"}", "{}"], frames);
    }

    [Fact]
    public void ManyFramesInOneReadAreAllReturned()
    {
        var wire = Bytes(string.Concat(Enumerable.Range(0, 500).Select(i => $"{{\"i\":{i}}}\0")));
        var (frames, rest) = ReadChunks([wire]);
        Assert.Equal(500, frames.Count);
        Assert.Equal("{\"i\":499}", frames[^1]);
        Assert.Equal(0, rest);
    }

    [Theory]
    [InlineData("{}\0", "{}\0")]
    [InlineData("{}", "\0{}\0")]
    [InlineData("{}\0{", "}\0")]
    [InlineData("", "{}\0{}\0")]
    public void NulAtTheEdgeOfABufferEndsTheFrame(string first, string second)
    {
        var (frames, rest) = ReadChunks([Bytes(first), Bytes(second)]);
        Assert.Equal(["{}", "{}"], frames);
        Assert.Equal(0, rest);
    }

    [Fact]
    public void IncompleteFrameStaysUnconsumed()
    {
        var (frames, rest) = ReadChunks([Bytes("{}\0{\"a\":")]);
        Assert.Equal(["{}"], frames);
        Assert.Equal(5, rest);
    }

    [Fact]
    public void FrameOfExactlyTheLimitIsAccepted()
    {
        var (frames, _) = ReadChunks([Bytes(new string('x', 10) + "\0")], max: 10);
        Assert.Single(frames);
    }

    [Fact]
    public void OversizedFrameIsRefused()
    {
        var e = Assert.Throws<VarlinkProtocolException>(() => ReadChunks([Bytes(new string('x', 11) + "\0")], max: 10));
        Assert.Contains("larger than the limit", e.Message);
    }

    [Fact]
    public void OversizedFrameIsRefusedBeforeItsNulArrives()
    {
        // Memory stays bounded: 11 bytes without a NUL already break a limit of 10.
        Assert.Throws<VarlinkProtocolException>(() => ReadChunks([Bytes("xxxxxx"), Bytes("xxxxx")], max: 10));
    }

    [Fact]
    public void ScanPositionIsRememberedBetweenReads()
    {
        var buffer = Segments.Create([Bytes("abcdef")]);
        long scanned = 0;
        Assert.False(FrameReader.TryReadFrame(ref buffer, ref scanned, 1024, out _));
        Assert.Equal(6, scanned);
        buffer = Segments.Create([Bytes("abcdef"), Bytes("gh\0")]);
        Assert.True(FrameReader.TryReadFrame(ref buffer, ref scanned, 1024, out var frame));
        Assert.Equal("abcdefgh", Encoding.UTF8.GetString(frame.ToArray()));
        Assert.Equal(0, scanned);
    }

    [Fact]
    public async Task ConnectionEndingInsideAFrameFailsTheCallWithProtocolError()
    {
        var (client, server) = InMemoryDuplex.CreatePair();
        await using var connection = new VarlinkConnection(client);
        var call = connection.CallAsync("org.example.A.B");
        await ReadOneFrameAsync(server);
        await server.WriteAsync(Bytes("{\"parameters\":{"));
        await server.DisposeAsync();
        var e = await Assert.ThrowsAsync<VarlinkProtocolException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("middle of a message", e.Message);
    }

    [Fact]
    public async Task CleanEndOfConnectionFailsWaitingCallWithConnectionError()
    {
        var (client, server) = InMemoryDuplex.CreatePair();
        await using var connection = new VarlinkConnection(client);
        var call = connection.CallAsync("org.example.A.B");
        await ReadOneFrameAsync(server);
        await server.DisposeAsync();
        var e = await Assert.ThrowsAsync<VarlinkConnectionException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("closed the connection", e.Message);
    }

    [Fact]
    public async Task OversizedReplyClosesConnectionWithError()
    {
        var (client, server) = InMemoryDuplex.CreatePair();
        await using var connection = new VarlinkConnection(client, new VarlinkConnectionOptions { Limits = new ProtocolLimits { MaxMessageSize = 1000 } });
        var call = connection.CallAsync("org.example.A.B");
        await ReadOneFrameAsync(server);
        _ = server.WriteAsync(Bytes("{\"parameters\":{\"x\":\"" + new string('x', 5000)));
        await Assert.ThrowsAsync<VarlinkProtocolException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAsync<VarlinkProtocolException>(() => connection.Completion.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    internal static async Task<string> ReadOneFrameAsync(Stream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            int n = await stream.ReadAsync(one, timeout.Token);
            if (n == 0)
            {
                throw new EndOfStreamException();
            }

            if (one[0] == 0)
            {
                return Encoding.UTF8.GetString(bytes.ToArray());
            }

            bytes.Add(one[0]);
        }
    }
}
