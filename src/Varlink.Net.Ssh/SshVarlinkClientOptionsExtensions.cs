using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Varlink.Ssh;

/// <summary>Points a <see cref="VarlinkClient"/> at a varlink service behind SSH.</summary>
public static class SshVarlinkClientOptionsExtensions
{
    /// <summary>
    /// Makes the client connect through an <see cref="SshVarlinkTransport"/> built from
    /// <paramref name="configure"/> (logging through the container's <see cref="ILoggerFactory"/>), and
    /// retry only what <see cref="IsTransient"/> calls transient.
    /// </summary>
    /// <param name="options">The client options.</param>
    /// <param name="configure">Sets the SSH server, keys, host key verification and bridge.</param>
    /// <returns>The same options.</returns>
    public static VarlinkClientOptions UseSsh(this VarlinkClientOptions options, Action<SshVarlinkOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configure);
        var ssh = new SshVarlinkOptions();
        configure(ssh);
        ssh.Validate();
        options.TransportFactory = provider =>
            new SshVarlinkTransport(ssh, provider.GetService<ILoggerFactory>()?.CreateLogger<SshVarlinkTransport>());
        options.IsTransientFailure = IsTransient;
        return options;
    }

    /// <summary>
    /// Whether a failure may go away on retry: an SSH failure anywhere in the chain decides by its
    /// <see cref="SshTransportException.IsTransient"/> (a refused host key or login is never retried);
    /// anything else as <see cref="TransientFailures.IsTransient"/>.
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <returns>Whether a retry may succeed.</returns>
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SshTransportException ssh)
            {
                return ssh.IsTransient;
            }
        }

        return TransientFailures.IsTransient(exception);
    }
}
