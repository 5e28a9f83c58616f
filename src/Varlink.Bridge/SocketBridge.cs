using System.Net.Sockets;

namespace Varlink.Bridge;

/// <summary>
/// Copies input to a connected socket and the socket's bytes to output, raw. When input ends, the
/// socket's sending side is shut down (half-close) and replies keep flowing until the service closes;
/// when the service closes, the bridge ends.
/// </summary>
internal sealed class SocketBridge(Socket socket, Stream input, Stream output, TextWriter error, string address)
{
    private const int BufferSize = 64 * 1024;

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
            catch (SocketException e)
            {
                await error.WriteAsync($"varlink bridge: connection to {address} failed: {e.Message}\n").ConfigureAwait(false);
                return ExitCodes.IoError;
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
