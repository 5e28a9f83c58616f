using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Varlink.Ssh;

/// <summary>
/// Varlink over SSH: each connection is an exec channel running the bridge command (by default
/// <c>varlink bridge --connect unix:SOCKET</c>, SOCKET being <see cref="SshVarlinkOptions.SocketPath"/>)
/// whose stdin/stdout carry the varlink stream.
/// All connections share one SSH session, opened on first use and opened again after it is lost.
/// </summary>
/// <remarks>
/// Thread-safe: any number of connections may be opened concurrently. Host keys are verified as
/// <see cref="SshVarlinkOptions"/> says; nothing is accepted silently.
/// </remarks>
public sealed class SshVarlinkTransport : IVarlinkTransport, IAsyncDisposable, IDisposable
{
    private readonly SshVarlinkOptions _options;
    private readonly HostKeyVerifier _verifier;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sessionLock = new(1, 1);
    private SshSession? _session;
    private bool _disposed;

    /// <summary>Creates the transport; no connection is made until <see cref="ConnectAsync"/>.</summary>
    /// <param name="options">Where and how to connect.</param>
    /// <param name="logger">Receives session and channel events; none when null.</param>
    /// <exception cref="ArgumentException">An option is wrong; the exception names it.</exception>
    public SshVarlinkTransport(SshVarlinkOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _verifier = new HostKeyVerifier(options);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Creates a transport for an <c>ssh://user@host:port/socket/path</c> address.</summary>
    /// <param name="address">The address; the bridge command is derived from its socket path.</param>
    /// <param name="configure">Sets the rest: keys, host key verification.</param>
    /// <param name="logger">Receives session and channel events; none when null.</param>
    /// <returns>The transport.</returns>
    public static SshVarlinkTransport FromAddress(string address, Action<SshVarlinkOptions> configure, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = SshVarlinkOptions.FromAddress(address);
        configure(options);
        return new SshVarlinkTransport(options, logger);
    }

    /// <summary>The command run on the server for each connection.</summary>
    public string BridgeCommand => _options.EffectiveBridgeCommand;

    /// <summary>
    /// Opens a new exec channel running the bridge and returns its stream, opening (or re-opening) the
    /// shared SSH session first when needed.
    /// </summary>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>The varlink byte stream; disposing it closes the channel.</returns>
    /// <exception cref="SshHostKeyException">The server's host key was refused.</exception>
    /// <exception cref="SshConnectException">The session could not be opened.</exception>
    /// <exception cref="SshSessionLostException">The session failed while the channel was being opened.</exception>
    public async ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        // A session that died between our check and the channel request gets one fresh retry.
        for (var attempt = 0; ; attempt++)
        {
            var session = await GetSessionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await session.OpenChannelAsync(_options.EffectiveBridgeCommand, _options.ConnectTimeout, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (SshSessionLostException) when (attempt == 0)
            {
                _logger.LogInformation("SSH session to {Host} was dead; opening a new one", session.HostName);
            }
        }
    }

    /// <summary>Closes the SSH session; open streams fail.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _session?.Dispose();
        _session = null;
    }

    /// <summary>Closes the SSH session; open streams fail.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<SshSession> GetSessionAsync(CancellationToken cancellationToken)
    {
        await _sessionLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_session is { IsAlive: true } alive)
            {
                return alive;
            }

            _session?.Dispose();
            _session = null;
            _session = await SshSession.OpenAsync(_options, _verifier, _logger, cancellationToken).ConfigureAwait(false);
            return _session;
        }
        finally
        {
            _sessionLock.Release();
        }
    }
}
