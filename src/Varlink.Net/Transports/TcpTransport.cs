using System.Net;
using System.Net.Sockets;

namespace Varlink;

/// <summary>Connects over TCP.</summary>
public sealed class TcpTransport : IVarlinkTransport
{
    /// <summary>Creates the transport.</summary>
    /// <param name="host">A host name or IP address (an IPv6 address may be in brackets).</param>
    /// <param name="port">The TCP port.</param>
    public TcpTransport(string host, int port)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        Host = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        Port = port;
    }

    /// <summary>The host name or IP address.</summary>
    public string Host { get; }

    /// <summary>The TCP port.</summary>
    public int Port { get; }

    /// <inheritdoc />
    public async ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken = default)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(Host, out var ip)
                ? [ip]
                : await Dns.GetHostAddressesAsync(Host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new VarlinkConnectionException($"Could not connect to {this}: {e.Message}", e);
        }

        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.NoDelay = true;
                await BlockingConnect.ConnectAsync(socket, new IPEndPoint(address, Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new VarlinkConnectionException($"Could not connect to {this}: {last?.Message ?? "the name has no address"}", last);
    }

    /// <inheritdoc />
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"tcp:[{Host}]:{Port}" : $"tcp:{Host}:{Port}";
}
