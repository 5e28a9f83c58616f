using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;

namespace Podman.Client.Tests;

/// <summary>Attach/exec sessions over io.podman 1.x's frames ([dest, 0, 0, 0, BE length] + payload), byte by byte.</summary>
public sealed class ContainerSessionTests
{
    [Fact]
    public async Task OutputIsDemultiplexedAndQuitGivesTheExitCode()
    {
        var (clientSide, serviceSide) = DuplexPair.Create();
        await using var session = new ContainerSession(clientSide, "c1");
        await serviceSide.WriteAsync(Frame(0, "out 1\n"));
        await serviceSide.WriteAsync(Frame(2, "err\n"));
        await serviceSide.WriteAsync(Frame(0, "out 2\n"));
        await serviceSide.WriteAsync(Frame(4, [0, 0, 0, 7]));
        var result = await session.ReadToEndAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.Equal(7, result.ExitCode);
        Assert.Equal("out 1\nout 2\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
    }

    [Fact]
    public async Task StdinResizeAndHangUpAreFramed()
    {
        var (clientSide, serviceSide) = DuplexPair.Create();
        await using var session = new ContainerSession(clientSide, "c1");
        await session.Stdin.WriteAsync(Encoding.UTF8.GetBytes("hi"));
        await session.ResizeAsync(80, 24);
        await session.Stdin.DisposeAsync();
        Assert.Equal(Frame(1, "hi"), await ReadFrameAsync(serviceSide));
        Assert.Equal(Frame(3, """{"Width":80,"Height":24}"""), await ReadFrameAsync(serviceSide));
        Assert.Equal(Frame(5, "EOF"), await ReadFrameAsync(serviceSide));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.Stdin.WriteAsync(new byte[] { 1 }).AsTask());
    }

    [Fact]
    public async Task ConnectionEndingWithoutQuitFailsTheExitCode()
    {
        var (clientSide, serviceSide) = DuplexPair.Create();
        await using var session = new ContainerSession(clientSide, "c1");
        await serviceSide.WriteAsync(Frame(0, "partial"));
        await serviceSide.DisposeAsync();
        await Assert.ThrowsAsync<PodmanConnectionException>(() => session.ExitCode.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private static byte[] Frame(byte destination, string text) => Frame(destination, Encoding.UTF8.GetBytes(text));

    private static byte[] Frame(byte destination, byte[] payload)
    {
        var frame = new byte[8 + payload.Length];
        frame[0] = destination;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }

    private static async Task<byte[]> ReadFrameAsync(Stream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var header = new byte[8];
        await stream.ReadExactlyAsync(header, timeout.Token);
        var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4))];
        await stream.ReadExactlyAsync(payload, timeout.Token);
        return [.. header, .. payload];
    }

    /// <summary>Two connected in-memory streams.</summary>
    private sealed class DuplexPair(Stream input, Stream output) : Stream
    {
        public static (Stream, Stream) Create()
        {
            var a = new Pipe();
            var b = new Pipe();
            return (new DuplexPair(a.Reader.AsStream(), b.Writer.AsStream()), new DuplexPair(b.Reader.AsStream(), a.Writer.AsStream()));
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => output.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => output.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => input.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => input.ReadAsync(buffer, cancellationToken);
        public override void Write(byte[] buffer, int offset, int count) => output.Write(buffer, offset, count);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => output.WriteAsync(buffer, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                output.Dispose();
                input.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
