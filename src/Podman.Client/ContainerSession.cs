using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;

namespace Podman.Client;

/// <summary>
/// A live attach or exec session: <see cref="Stdin"/> to write to the process, <see cref="Stdout"/> and
/// <see cref="Stderr"/> to read from it (demultiplexed from io.podman's frames), <see cref="ResizeAsync"/> for a
/// terminal, and <see cref="ExitCode"/> when it ends.
/// </summary>
/// <remarks>
/// The session owns a connection of its own. Read <see cref="Stdout"/> and <see cref="Stderr"/> concurrently (or at
/// least drain them): output is buffered up to a limit, then the session waits for a reader. With a terminal the
/// process's error output arrives on <see cref="Stdout"/>. Disposing ends the session (the process gets a hang-up).
/// </remarks>
public sealed class ContainerSession : IAsyncDisposable
{
    // io.podman 1.x's frame: [destination, 0, 0, 0, length (big-endian uint32)] + payload.
    internal const byte ToStdout = 0;
    internal const byte FromStdin = 1;
    internal const byte ToStderr = 2;
    internal const byte Resize = 3;
    internal const byte Quit = 4;
    internal const byte HangUp = 5;
    private const int MaxFrame = 16 * 1024 * 1024;

    private readonly Stream _connection;
    private readonly Pipe _stdout = new(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19));
    private readonly Pipe _stderr = new(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19));
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private bool _hungUp;

    internal ContainerSession(Stream connection, string containerId)
    {
        _connection = connection;
        ContainerId = containerId;
        Stdout = _stdout.Reader.AsStream();
        Stderr = _stderr.Reader.AsStream();
        Stdin = new StdinStream(this);
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>The container.</summary>
    public string ContainerId { get; }

    /// <summary>Writes to the process's standard input; disposing it (or <see cref="CloseStdinAsync"/>) sends end of input.</summary>
    public Stream Stdin { get; }

    /// <summary>The process's standard output (and, with a terminal, its error output).</summary>
    public Stream Stdout { get; }

    /// <summary>The process's standard error (nothing with a terminal).</summary>
    public Stream Stderr { get; }

    /// <summary>
    /// The exit code, when the session ends. Fails with a <see cref="PodmanConnectionException"/> when the
    /// connection ends without one.
    /// </summary>
    public Task<int> ExitCode => _exit.Task;

    /// <summary>Tells the process its terminal's size.</summary>
    /// <param name="width">Columns.</param>
    /// <param name="height">Rows.</param>
    /// <param name="cancellationToken">Cancels sending.</param>
    /// <returns>A task that completes when the size was sent.</returns>
    public Task ResizeAsync(int width, int height, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        return WriteFrameAsync(Resize, Encoding.UTF8.GetBytes($"{{\"Width\":{width},\"Height\":{height}}}"), cancellationToken);
    }

    /// <summary>Sends end of input (the process reads EOF); later writes to <see cref="Stdin"/> fail.</summary>
    /// <param name="cancellationToken">Cancels sending.</param>
    /// <returns>A task that completes when it was sent.</returns>
    public async Task CloseStdinAsync(CancellationToken cancellationToken = default)
    {
        if (_hungUp)
        {
            return;
        }

        // The payload podman-remote 1.x sent with its hang-up.
        await WriteFrameAsync(HangUp, "EOF"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        _hungUp = true;
    }

    /// <summary>Reads both outputs to the end and waits for the exit code.</summary>
    /// <param name="cancellationToken">Cancels waiting (the session goes on until disposed).</param>
    /// <returns>The exit code and the text of standard output and error.</returns>
    public async Task<ContainerRunResult> ReadToEndAsync(CancellationToken cancellationToken = default)
    {
        var stdout = ReadAllAsync(Stdout, cancellationToken);
        var stderr = ReadAllAsync(Stderr, cancellationToken);
        var code = await ExitCode.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new ContainerRunResult(ContainerId, code, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>Ends the session: hangs up, closes the connection, completes the outputs.</summary>
    /// <returns>A task that completes when it has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _reader.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The reader reports through ExitCode and the output streams.
        }

        _exit.TrySetException(new PodmanConnectionException("The session was disposed before the process exited."));
        _ = _exit.Task.Exception;
        _stop.Dispose();
    }

    private static async Task<string> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ReadLoopAsync()
    {
        Exception? failure = null;
        var header = new byte[8];
        try
        {
            while (true)
            {
                if (!await ReadExactlyOrEndAsync(header).ConfigureAwait(false))
                {
                    failure = new PodmanConnectionException("The session ended without an exit code.");
                    return;
                }

                var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
                if (length > MaxFrame)
                {
                    failure = new PodmanConnectionException($"A session frame of {length} bytes is over the {MaxFrame}-byte limit.");
                    return;
                }

                var payload = new byte[length];
                if (!await ReadExactlyOrEndAsync(payload).ConfigureAwait(false))
                {
                    failure = new PodmanConnectionException("The session ended in the middle of a frame.");
                    return;
                }

                switch (header[0])
                {
                    case ToStdout:
                        await _stdout.Writer.WriteAsync(payload, _stop.Token).ConfigureAwait(false);
                        break;
                    case ToStderr:
                        await _stderr.Writer.WriteAsync(payload, _stop.Token).ConfigureAwait(false);
                        break;
                    case Quit:
                        _exit.TrySetResult(length >= 4 ? (int)BinaryPrimitives.ReadUInt32BigEndian(payload) : -1);
                        return;
                    default:
                        break;  // frames a client does not expect are skipped, as podman-remote did.
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            failure = new PodmanConnectionException("The session's connection ended: " + e.Message, e);
        }
        finally
        {
            await _stdout.Writer.CompleteAsync().ConfigureAwait(false);
            await _stderr.Writer.CompleteAsync().ConfigureAwait(false);
            if (failure is not null)
            {
                _exit.TrySetException(failure);
            }
        }
    }

    private async ValueTask<bool> ReadExactlyOrEndAsync(byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _connection.ReadAsync(buffer.AsMemory(read), _stop.Token).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    private async Task WriteFrameAsync(byte destination, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_hungUp && destination == FromStdin, Stdin);
        var header = new byte[8];
        header[0] = destination;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)payload.Length);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _connection.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            if (!payload.IsEmpty)
            {
                await _connection.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
            }

            await _connection.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Standard input: each write is one stdin frame; disposing sends the hang-up.</summary>
    private sealed class StdinStream(ContainerSession session) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!buffer.IsEmpty)
            {
                await session.WriteFrameAsync(FromStdin, buffer, cancellationToken).ConfigureAwait(false);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask DisposeAsync()
        {
            try
            {
                await session.CloseStdinAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The session is already gone: nothing to hang up.
            }

            await base.DisposeAsync().ConfigureAwait(false);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                try
                {
                    session.CloseStdinAsync().GetAwaiter().GetResult();
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException)
                {
                    // The session is already gone: nothing to hang up.
                }
            }

            base.Dispose(disposing);
        }
    }
}
