using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Varlink;

public sealed partial class VarlinkServer
{
    private const int Backlog = 512;
    private readonly List<Listener> _listeners = [];

    /// <summary>
    /// Listens on a varlink address and serves the connections it accepts, in the background, until
    /// <see cref="StopAsync"/>. Addresses: <c>unix:/path</c> (a stale socket file is replaced;
    /// <c>;mode=0600</c> sets the file's mode), <c>unix:@abstract</c>, <c>tcp:host:port</c> (port 0
    /// picks a free port).
    /// </summary>
    /// <param name="address">The address to listen on.</param>
    /// <returns>The address actually listened on (with the chosen port for <c>tcp:…:0</c>).</returns>
    /// <exception cref="FormatException">The address is not a unix or tcp address.</exception>
    /// <exception cref="VarlinkConnectionException">The address cannot be listened on.</exception>
    public string Listen(string address)
    {
        var parsed = VarlinkAddress.Parse(address);
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        Socket socket;
        string bound;
        string? socketFile = null;
        try
        {
            switch (parsed.Scheme)
            {
                case "unix":
                    socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    if (!parsed.Target.StartsWith('@'))
                    {
                        RemoveStaleSocket(parsed.Target);
                        socketFile = parsed.Target;
                    }

                    socket.Bind(UnixSocketTransport.CreateEndPoint(parsed.Target));
                    if (socketFile is not null && parsed.GetProperty("mode") is { } mode && !OperatingSystem.IsWindows())
                    {
                        File.SetUnixFileMode(socketFile, (UnixFileMode)Convert.ToInt32(mode, 8));
                    }

                    bound = "unix:" + parsed.Target;
                    break;
                case "tcp":
                    var ip = parsed.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(parsed.Host!);
                    socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    socket.Bind(new IPEndPoint(ip, parsed.Port));
                    var endPoint = (IPEndPoint)socket.LocalEndPoint!;
                    bound = ip.AddressFamily == AddressFamily.InterNetworkV6
                        ? $"tcp:[{endPoint.Address}]:{endPoint.Port.ToString(CultureInfo.InvariantCulture)}"
                        : $"tcp:{endPoint.Address}:{endPoint.Port.ToString(CultureInfo.InvariantCulture)}";
                    break;
                default:
                    throw new FormatException($"A server cannot listen on \"{address}\": only unix: and tcp: addresses.");
            }

            socket.Listen(Backlog);
        }
        catch (SocketException e)
        {
            throw new VarlinkConnectionException($"Cannot listen on {address}: {e.Message}", e);
        }

        StartListener(socket, socketFile);
        return bound;
    }

    /// <summary>
    /// Serves the sockets passed by a service manager (systemd-style socket activation: <c>LISTEN_FDS</c>,
    /// <c>LISTEN_PID</c>, <c>LISTEN_FDNAMES</c>). A listening socket is accepted on; a connected one is
    /// served as one connection. When several are passed, only those named <c>varlink</c> are used.
    /// The variables are removed from the environment so that child processes do not inherit them.
    /// </summary>
    /// <returns>How many sockets were taken over; 0 when the process was not socket-activated.</returns>
    public int ListenActivated()
    {
        var fds = Environment.GetEnvironmentVariable("LISTEN_FDS");
        var pid = Environment.GetEnvironmentVariable("LISTEN_PID");
        var names = Environment.GetEnvironmentVariable("LISTEN_FDNAMES")?.Split(':');
        if (fds is null || !int.TryParse(fds, CultureInfo.InvariantCulture, out int count) || count <= 0)
        {
            return 0;
        }

        if (pid is not null && pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
        {
            return 0;
        }

        Environment.SetEnvironmentVariable("LISTEN_FDS", null);
        Environment.SetEnvironmentVariable("LISTEN_PID", null);
        Environment.SetEnvironmentVariable("LISTEN_FDNAMES", null);
        int taken = 0;
        for (int i = 0; i < count; i++)
        {
            if (count > 1 && names is not null && (i >= names.Length || names[i] != "varlink"))
            {
                continue;
            }

            var socket = new Socket(new SafeSocketHandle(3 + i, ownsHandle: true));
            bool listening = socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.AcceptConnection) is int accepting && accepting != 0;
            if (listening)
            {
                StartListener(socket, null);
            }
            else
            {
                StartConnection(new NetworkStream(socket, ownsSocket: true));
            }

            taken++;
        }

        return taken;
    }

    private static void RemoveStaleSocket(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || (info.Attributes & FileAttributes.ReparsePoint) != 0 || info.Length != 0)
        {
            return;
        }

        try
        {
            // Connecting tells a live socket (never steal it) from a stale one (refused).
            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            File.Delete(path);
            return;
        }

        throw new VarlinkConnectionException($"Another service is already listening on unix:{path}.");
    }

    private void StartListener(Socket socket, string? socketFile)
    {
        var listener = new Listener(socket, socketFile);
        lock (_listeners)
        {
            _listeners.Add(listener);
        }

        listener.Loop = Task.Run(() => AcceptLoopAsync(listener));
    }

    private async Task AcceptLoopAsync(Listener listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.Socket.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionAborted or SocketError.Interrupted or SocketError.OperationAborted)
            {
                if (_stopping.IsCancellationRequested)
                {
                    break;
                }

                continue;
            }
            catch (SocketException e)
            {
                ReportFailure(e);
                await Task.Delay(10).ConfigureAwait(false);
                continue;
            }

            if (client.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            {
                client.NoDelay = true;
            }

            StartConnection(new NetworkStream(client, ownsSocket: true));
        }
    }

    private void StopListeners()
    {
        Listener[] listeners;
        lock (_listeners)
        {
            listeners = [.. _listeners];
            _listeners.Clear();
        }

        foreach (var listener in listeners)
        {
            listener.Socket.Dispose();
            if (listener.SocketFile is not null)
            {
                try
                {
                    File.Delete(listener.SocketFile);
                }
                catch (IOException)
                {
                    // Best effort: a stale socket file is replaced by the next Listen.
                }
            }
        }
    }

    private sealed class Listener(Socket socket, string? socketFile)
    {
        public Socket Socket { get; } = socket;

        public string? SocketFile { get; } = socketFile;

        public Task? Loop { get; set; }
    }
}
