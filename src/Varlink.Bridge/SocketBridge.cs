using System.Net.Sockets;

namespace Varlink.Bridge;

/// <summary>
/// Copies input to a connected socket and the socket's bytes to output, raw. When input ends, the
/// socket's sending side is shut down (half-close) and replies keep flowing until the service closes;
/// when the service closes, the bridge ends. After input ended, <paramref name="outputClosed"/> (when given) is asked
/// every 200 ms whether the reader of the output is gone (sshd closes an exec channel's pipes when the client closes
/// the channel); if it is, nobody can read a reply any more, so the socket is closed: the service sees its client
/// leave and cancels what it was still running for it (a call in flight that the client cancelled, say).
/// </summary>
internal sealed class SocketBridge(Socket socket, Stream input, Stream output, TextWriter error, string address, Func<bool>? outputClosed = null)
{
    private const int BufferSize = 64 * 1024;
    private static readonly TimeSpan OutputProbeInterval = TimeSpan.FromMilliseconds(200);
    private volatile bool readerGone;

    /// <summary>Runs until the service side ends; returns the exit code.</summary>
    public async Task<int> RunAsync()
    {
        // The input side runs on its own: a blocking read of stdin must not hold the output side up.
        _ = Task.Run(CopyInputToSocketAsync);
        return await CopySocketToOutputAsync().ConfigureAwait(false);
    }

    private async Task CopyInputToSocketAsync()
    {
        var buffer = new byte[BufferSize];
        try
        {
            while (true)
            {
                var read = await input.ReadAsync(buffer).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                await socket.SendAsync(buffer.AsMemory(0, read), SocketFlags.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The service went away (the output side reports it) or input failed: stop sending either way.
        }

        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
            return;
        }

        if (outputClosed is null)
        {
            return;
        }

        // Replies may still come for calls already sent; they end the bridge when the service closes. Until then, a
        // reader that went away ends it too. The timer stops with the socket (the bridge's end).
        using var probe = new PeriodicTimer(OutputProbeInterval);
        while (await probe.WaitForNextTickAsync().ConfigureAwait(false))
        {
            if (outputClosed())
            {
                readerGone = true;
                socket.Close();
                return;
            }
        }
    }

    private async Task<int> CopySocketToOutputAsync()
    {
        var buffer = new byte[BufferSize];
        while (true)
        {
            int read;
            try
            {
                read = await socket.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
            }
            catch (SocketException) when (readerGone)
            {
                // Closed by the input side (the receive was aborted): the output's reader is gone.
                return ExitCodes.Success;
            }
            catch (SocketException e)
            {
                await error.WriteAsync($"varlink bridge: connection to {address} failed: {e.Message}\n").ConfigureAwait(false);
                return ExitCodes.IoError;
            }
            catch (ObjectDisposedException)
            {
                // Closed by the input side: the output's reader is gone.
                return ExitCodes.Success;
            }

            if (read == 0)
            {
                return ExitCodes.Success;
            }

            try
            {
                await output.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
                await output.FlushAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The client closed its end: nobody is left to deliver to; that is how varlink clients hang up.
                return ExitCodes.Success;
            }
        }
    }
}
