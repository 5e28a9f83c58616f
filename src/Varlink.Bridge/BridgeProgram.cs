using System.Net.Sockets;

namespace Varlink.Bridge;

/// <summary>The <c>varlink</c> program: parses the command line, connects, then copies bytes both ways.</summary>
internal static class BridgeProgram
{
    /// <summary>Runs the program with the given standard streams; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, Stream input, Stream output, TextWriter error, Func<bool>? outputClosed = null)
    {
        if (args.Count == 1 && args[0] is "--help" or "-h")
        {
            await error.WriteAsync(BridgeCommandLine.Usage).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var options = BridgeCommandLine.Parse(args, out var usageError);
        if (options is null)
        {
            await error.WriteAsync($"varlink: {usageError}\n{BridgeCommandLine.Usage}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (options.Relay)
        {
            return await RelayAsync(options, error).ConfigureAwait(false);
        }

        ActivatedService? activated = null;
        if (options.ActivateCommand is not null)
        {
            try
            {
                activated = ActivatedService.Start(options.ActivateCommand);
            }
            catch (Exception e) when (e is IOException or SocketException or UnauthorizedAccessException)
            {
                await error.WriteAsync($"varlink: cannot start '{options.ActivateCommand}': {e.Message}\n").ConfigureAwait(false);
                return ExitCodes.Unavailable;
            }
        }

        using (activated)
        {
            return await BridgeAsync(activated?.Address ?? options.Address!, input, output, error, outputClosed).ConfigureAwait(false);
        }
    }

    private static async Task<int> BridgeAsync(string addressText, Stream input, Stream output, TextWriter error, Func<bool>? outputClosed)
    {
        BridgeAddress address;
        try
        {
            address = BridgeAddress.Parse(addressText);
        }
        catch (FormatException e)
        {
            await error.WriteAsync($"varlink: {e.Message}\n").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        Socket socket;
        try
        {
            socket = await ConnectAsync(address).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            await error.WriteAsync($"varlink bridge: cannot connect to {address.Display}: {Describe(address, e)}\n").ConfigureAwait(false);
            return ExitCodes.Unavailable;
        }

        using (socket)
        {
            return await new SocketBridge(socket, input, output, error, address.Display, outputClosed).RunAsync().ConfigureAwait(false);
        }
    }

    private static async Task<int> RelayAsync(BridgeOptions options, TextWriter error)
    {
        BridgeAddress target;
        Socket listener;
        try
        {
            target = BridgeAddress.Parse(options.Address!);
            listener = ActivatedListener() ?? Listen(BridgeAddress.Parse(options.Listen
                ?? throw new FormatException("no socket was passed by activation (LISTEN_FDS) and no --listen ADDRESS given")));
        }
        catch (FormatException e)
        {
            await error.WriteAsync($"varlink relay: {e.Message}\n").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (SocketException e)
        {
            await error.WriteAsync($"varlink relay: cannot listen on {options.Listen}: {e.Message}\n").ConfigureAwait(false);
            return ExitCodes.Unavailable;
        }

        using (listener)
        {
            return await new Relay(listener, target, options.IdleTimeout, error).RunAsync().ConfigureAwait(false);
        }
    }

    // The listening socket passed as fd 3 (LISTEN_FDS=1 for this very process), or null.
    private static Socket? ActivatedListener()
    {
        if (Environment.GetEnvironmentVariable("LISTEN_PID") != Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)
            || Environment.GetEnvironmentVariable("LISTEN_FDS") != "1")
        {
            return null;
        }

        foreach (var name in (string[])["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"])
        {
            Environment.SetEnvironmentVariable(name, null);   // not for whatever this process starts
        }

        return new Socket(new SafeSocketHandle(3, ownsHandle: true));
    }

    private static Socket Listen(BridgeAddress address)
    {
        var socket = new Socket(address.Family == AddressFamily.Unspecified ? AddressFamily.InterNetwork : address.Family, SocketType.Stream,
            address.Family == AddressFamily.Unix ? ProtocolType.Unspecified : ProtocolType.Tcp);
        try
        {
            if (address.EndPoint is UnixDomainSocketEndPoint && address.Display[5] != '@')
            {
                File.Delete(address.Display["unix:".Length..]);   // a stale socket file of an earlier run
            }

            socket.Bind(address.EndPoint);
            socket.Listen(64);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    internal static async Task<Socket> ConnectAsync(BridgeAddress address)
    {
        var socket = address.Family == AddressFamily.Unspecified
            ? new Socket(SocketType.Stream, ProtocolType.Tcp)
            : new Socket(address.Family, SocketType.Stream, address.Family == AddressFamily.Unix ? ProtocolType.Unspecified : ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(address.EndPoint).ConfigureAwait(false);
            if (address.Family != AddressFamily.Unix)
            {
                socket.NoDelay = true;
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string Describe(BridgeAddress address, SocketException e)
    {
        var path = address.Family == AddressFamily.Unix ? address.Display["unix:".Length..] : null;
        return e.SocketErrorCode switch
        {
            _ when path is not null && path[0] != '@' && !File.Exists(path) && !Directory.Exists(path) =>
                $"no socket at {path} (the file does not exist; is the service running?)",
            SocketError.ConnectionRefused when path is not null => $"connection refused: nothing is listening on {path}",
            SocketError.ConnectionRefused => "connection refused",
            SocketError.AccessDenied => $"permission denied{(path is null ? string.Empty : " on " + path)}",
            _ => e.Message,
        };
    }
}
