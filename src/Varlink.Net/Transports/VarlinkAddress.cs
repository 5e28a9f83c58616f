using System.Globalization;

namespace Varlink;

/// <summary>
/// Varlink addresses: <c>unix:/path</c>, <c>unix:@abstract</c>, <c>tcp:host:port</c>,
/// <c>tcp:[::1]:port</c>, and <c>exec:/path/to/program [arguments…]</c> (a program spoken to over its
/// standard input and output; arguments are separated by spaces). Properties after a <c>;</c>
/// (such as <c>;mode=0600</c>) are for servers; clients ignore them.
/// </summary>
public static class VarlinkAddress
{
    /// <summary>The well-known address of the <c>org.varlink.resolver</c> service.</summary>
    public const string ResolverAddress = "unix:/run/org.varlink.resolver";

    /// <summary>Creates the transport that connects to <paramref name="address"/>.</summary>
    /// <param name="address">A varlink address.</param>
    /// <returns>The transport.</returns>
    /// <exception cref="FormatException">The address is not one of the supported forms.</exception>
    public static IVarlinkTransport CreateTransport(string address)
    {
        var parsed = Parse(address);
        return parsed.Scheme switch
        {
            "unix" => new UnixSocketTransport(parsed.Target),
            "tcp" => new TcpTransport(parsed.Host!, parsed.Port),
            "exec" => CreateExec(parsed.Target),
            _ => throw new FormatException($"Unsupported varlink address scheme in \"{address}\"."),
        };
    }

    internal static ParsedAddress Parse(string address)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        int colon = address.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new FormatException($"\"{address}\" is not a varlink address (scheme:target).");
        }

        string scheme = address[..colon];
        string rest = address[(colon + 1)..];
        string properties = string.Empty;
        if (scheme != "exec")
        {
            int semicolon = rest.IndexOf(';', StringComparison.Ordinal);
            if (semicolon >= 0)
            {
                properties = rest[(semicolon + 1)..];
                rest = rest[..semicolon];
            }
        }

        if (rest.Length == 0)
        {
            throw new FormatException($"\"{address}\" has no target after \"{scheme}:\".");
        }

        switch (scheme)
        {
            case "unix":
            case "exec":
                return new ParsedAddress(scheme, rest, null, 0, properties);
            case "tcp":
                int portColon = rest.LastIndexOf(':');
                if (portColon <= 0 || !int.TryParse(rest.AsSpan(portColon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
                {
                    throw new FormatException($"\"{address}\" is not a tcp address (tcp:host:port).");
                }

                string host = rest[..portColon];
                if (host.StartsWith('[') && host.EndsWith(']'))
                {
                    host = host[1..^1];
                }

                return new ParsedAddress(scheme, rest, host, port, properties);
            default:
                throw new FormatException($"Unsupported varlink address scheme \"{scheme}\" in \"{address}\".");
        }
    }

    private static ProcessTransport CreateExec(string commandLine)
    {
        var parts = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new ProcessTransport(parts[0], parts[1..]);
    }

    internal readonly record struct ParsedAddress(string Scheme, string Target, string? Host, int Port, string Properties)
    {
        /// <summary>The value of <c>;name=value</c> among the properties, or null.</summary>
        public string? GetProperty(string name)
        {
            foreach (var part in Properties.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                int equals = part.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0 && part.AsSpan(0, equals).SequenceEqual(name))
                {
                    return part[(equals + 1)..];
                }
            }

            return null;
        }
    }
}
