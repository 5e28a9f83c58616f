using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Varlink.Ssh;

/// <summary>Points a <see cref="VarlinkClient"/> at a varlink service behind SSH.</summary>
public static class SshVarlinkClientOptionsExtensions
{
    /// <summary>
    /// Makes the client connect through an <see cref="SshVarlinkTransport"/> built from
    /// <paramref name="configure"/>, logging through the container's <see cref="ILoggerFactory"/>.
    /// Retries follow <see cref="VarlinkClientOptions.IsTransientFailure"/>: by default a refused host key
    /// or login is never retried and a lost session is (<see cref="SshTransportException.IsTransient"/>).
    /// </summary>
    /// <param name="options">The client options.</param>
    /// <param name="configure">Sets the SSH server, keys, host key verification, and the socket path or bridge command.</param>
    /// <returns>The same options.</returns>
    /// <exception cref="ArgumentException">An SSH option is wrong; the exception names it.</exception>
    public static VarlinkClientOptions UseSsh(this VarlinkClientOptions options, Action<SshVarlinkOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configure);
        var ssh = new SshVarlinkOptions();
        configure(ssh);
        ssh.Validate();
        options.TransportFactory = provider =>
            new SshVarlinkTransport(ssh, provider.GetService<ILoggerFactory>()?.CreateLogger<SshVarlinkTransport>());
        return options;
    }
}
