using System.Net;
using System.Net.Sockets;

namespace Varlink.Bridge;

/// <summary>A parsed varlink address the bridge can connect to.</summary>
/// <param name="EndPoint">The socket end point.</param>
/// <param name="Family">The socket's address family.</param>
/// <param name="Display">The address as the user wrote it, without <c>;</c> properties, for messages.</param>
internal sealed record BridgeAddress(EndPoint EndPoint, AddressFamily Family, string Display)
{
    /// <summary>Parses <c>unix:/path</c>, <c>unix:@abstract</c> or <c>tcp:host:port</c>; properties after <c>;</c> are ignored.</summary>
    /// <exception cref="FormatException">The address is not one of those forms.</exception>
    public static BridgeAddress Parse(string address)
    {
        var semicolon = address.IndexOf(';', StringComparison.Ordinal);
        var bare = semicolon >= 0 ? address[..semicolon] : address;
        if (bare.StartsWith("unix:", StringComparison.Ordinal))
        {
            var path = bare["unix:".Length..];
            if (path.Length == 0)
            {
                throw new FormatException($"address '{address}' has no socket path");
            }

            // Abstract names: a leading NUL instead of '@' (Linux); UnixDomainSocketEndPoint does the mapping.
            var endPoint = new UnixDomainSocketEndPoint(path[0] == '@' ? "\0" + path[1..] : path);
            return new BridgeAddress(endPoint, AddressFamily.Unix, bare);
        }

        if (bare.StartsWith("tcp:", StringComparison.Ordinal))
        {
            var hostPort = bare["tcp:".Length..];
            var colon = hostPort.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(hostPort[(colon + 1)..], out var port) || port is < 1 or > 65535)
            {
                throw new FormatException($"address '{address}' is not tcp:host:port");
            }

            var host = hostPort[..colon].Trim('[', ']');
            EndPoint endPoint = IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(host, port);
            var family = ip?.AddressFamily ?? AddressFamily.Unspecified;
            return new BridgeAddress(endPoint, family, bare);
        }

        throw new FormatException($"address '{address}' is not supported; use unix:/path, unix:@name or tcp:host:port");
    }
}
