namespace Varlink.Ssh;

/// <summary>Parses <c>ssh://user@host:port/socket/path</c> addresses.</summary>
internal static class SshAddress
{
    public static SshVarlinkOptions Parse(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        if (!address.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase)
            || !Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"'{address}' is not an ssh://user@host:port/socket/path address.", nameof(address));
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException($"The address '{address}' has no host.", nameof(address));
        }

        var userInfo = Uri.UnescapeDataString(uri.UserInfo);
        if (userInfo.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                "Passwords in ssh:// addresses are refused; use a key, or set SshVarlinkOptions.Password explicitly.",
                nameof(address));
        }

        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        return new SshVarlinkOptions
        {
            Host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 22 : uri.Port,
            UserName = userInfo,
            SocketPath = path is "" or "/" ? null : path,
        };
    }
}
