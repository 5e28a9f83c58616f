using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Varlink.Ssh;

/// <summary>
/// The duplex stream of one exec channel running the bridge: writes go to the command's stdin, reads
/// come from its stdout. When stdout ends, the command's exit status decides between a clean end of
/// stream and an <see cref="SshBridgeException"/> carrying its stderr; when the session dies, pending and
/// later operations fail with <see cref="SshSessionLostException"/>.
/// </summary>
internal sealed class SshChannelStream : Stream
{
    private const int MaxErrorOutput = 8 * 1024;
    private static readonly TimeSpan ExitStatusWait = TimeSpan.FromSeconds(5);

    private readonly SshSession _session;
    private readonly SshCommand _command;
    private readonly Task _execution;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly string _commandText;
    private readonly Task<string> _errorOutput;
    private int _disposed;

    public SshChannelStream(SshSession session, SshCommand command, Task execution, Stream input, string commandText)
    {
        _session = session;
        _command = command;
        _execution = execution;
        _input = input;
        _output = command.OutputStream;
        _commandText = commandText;
        _errorOutput = Task.Run(() => DrainAsync(command.ExtendedOutputStream));

        // A dead session faults the command: tell the session (which fails every stream on it). A command
        // faulted by our own Dispose is no news.
        _ = execution.ContinueWith(
            t =>
            {
                if (Volatile.Read(ref _disposed) == 0)
                {
                    session.ReportFailure(t.Exception!.GetBaseException());
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_session.Lost.IsCompleted)
        {
            throw Lost(await _session.Lost.ConfigureAwait(false));
        }

        var read = _output.ReadAsync(buffer, cancellationToken).AsTask();
        var first = await Task.WhenAny(read, _session.Lost).ConfigureAwait(false);
        if (first != read)
        {
            _ = read.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw Lost(await _session.Lost.ConfigureAwait(false));
        }

        int count;
        try
        {
            count = await read.ConfigureAwait(false);
        }
        catch (Exception e) when (e is SshException or ObjectDisposedException)
        {
            throw Lost(e);
        }

        if (count == 0 && buffer.Length > 0)
        {
            await ThrowIfBridgeFailedAsync().ConfigureAwait(false);
        }

        return count;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_session.Lost.IsCompleted)
        {
            throw Lost(await _session.Lost.ConfigureAwait(false));
        }

        try
        {
            await _input.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SshException or ObjectDisposedException or InvalidOperationException)
        {
            throw Lost(e);
        }
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        try
        {
            await _input.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SshException or ObjectDisposedException or InvalidOperationException)
        {
            throw Lost(e);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Closing stdin sends EOF: the bridge half-closes its socket and exits once the service is done.
            try
            {
                _input.Dispose();
            }
            catch (Exception e) when (e is SshException or ObjectDisposedException or InvalidOperationException)
            {
                // The channel or session is already gone.
            }

            _command.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task ThrowIfBridgeFailedAsync()
    {
        try
        {
            await _execution.WaitAsync(ExitStatusWait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Stdout ended but the channel stays open: treat it as a clean end; the status is not known.
            return;
        }
        catch (Exception e) when (e is SshException or ObjectDisposedException)
        {
            throw Lost(e);
        }

        if (_command.ExitStatus is 0)
        {
            return;
        }

        var stderr = await _errorOutput.WaitAsync(ExitStatusWait).ConfigureAwait(false);
        throw new SshBridgeException(_session.HostName, _commandText, _command.ExitStatus, stderr);
    }

    private IOException Lost(Exception cause)
    {
        _session.ReportFailure(cause);
        if (!_session.Lost.IsCompleted)
        {
            return new IOException($"The SSH channel running '{_commandText}' on {_session.HostName} failed: {cause.Message}", cause);
        }

        return new SshSessionLostException(
            _session.HostName,
            $"The SSH session to {_session.HostName} was lost while the bridge '{_commandText}' was running: {cause.Message}",
            cause);
    }

    private static async Task<string> DrainAsync(Stream stream)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                if (text.Length < MaxErrorOutput)
                {
                    text.Append(Encoding.UTF8.GetString(buffer, 0, read));
                }
            }
        }
        catch (Exception e) when (e is SshException or ObjectDisposedException or IOException)
        {
            // Keep what arrived.
        }

        return text.ToString();
    }
}
