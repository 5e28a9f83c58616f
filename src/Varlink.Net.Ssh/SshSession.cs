using System.Text;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Varlink.Ssh;

/// <summary>
/// One authenticated SSH session. Every varlink connection is one exec channel on it; when the session
/// dies, <see cref="Lost"/> completes and every stream on it fails.
/// </summary>
internal sealed class SshSession : IDisposable
{
    private readonly SshClient _client;
    private readonly TaskCompletionSource<Exception> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;

    private SshSession(SshClient client, string hostName, ILogger logger)
    {
        _client = client;
        HostName = hostName;
        _logger = logger;
        _client.ErrorOccurred += OnErrorOccurred;
    }

    /// <summary>The server as <c>host</c> or <c>[host]:port</c>, for messages.</summary>
    public string HostName { get; }

    /// <summary>Completes with the cause when the session fails.</summary>
    public Task<Exception> Lost => _lost.Task;

    /// <summary>Whether the session can still open channels.</summary>
    public bool IsAlive => !_lost.Task.IsCompleted && _client.IsConnected;

    /// <summary>Opens, verifies and authenticates a session.</summary>
    public static async Task<SshSession> OpenAsync(
        SshVarlinkOptions options, HostKeyVerifier verifier, ILogger logger, CancellationToken cancellationToken)
    {
        var hostName = KnownHostPatterns.HostName(options.Host, options.Port);
        var user = string.IsNullOrEmpty(options.UserName) ? Environment.UserName : options.UserName;
        var connectionInfo = new ConnectionInfo(options.Host, options.Port, user, SshAuthentication.Methods(options, user))
        {
            Timeout = options.ConnectTimeout,
        };
        PreferKnownHostKeyTypes(connectionInfo, verifier.KnownKeyTypes(options.Host, options.Port));

        var client = new SshClient(connectionInfo) { KeepAliveInterval = options.KeepAliveInterval };
        SshHostKeyException? refused = null;
        client.HostKeyReceived += (_, e) =>
        {
            refused = verifier.Verify(options.Host, options.Port, e.HostKey);
            e.CanTrust = refused is null;
        };

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            await client.ConnectAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (refused is not null)
        {
            client.Dispose();
            logger.LogWarning(e, "SSH host key of {Host} refused: {Reason}", hostName, refused.Problem);
            throw refused;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw new SshConnectException(hostName, $"Connecting to SSH server {hostName} timed out after {options.ConnectTimeout.TotalSeconds:0.#} s.", e);
        }
        catch (SshAuthenticationException e)
        {
            client.Dispose();
            throw new SshConnectException(hostName, $"SSH server {hostName} refused the login of user '{user}': {e.Message}", e, isTransient: false);
        }
        catch (Exception e) when (e is SshException or System.Net.Sockets.SocketException or IOException or TimeoutException)
        {
            client.Dispose();
            throw new SshConnectException(hostName, $"Cannot open an SSH session to {hostName}: {e.Message}", e);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        logger.LogInformation("SSH session to {Host} open as {User}", hostName, user);
        return new SshSession(client, hostName, logger);
    }

    /// <summary>Starts <paramref name="commandText"/> on a new exec channel and returns its stream.</summary>
    public async Task<SshChannelStream> OpenChannelAsync(string commandText, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Opening a channel blocks inside SSH.NET until the server confirms it; keep that off the caller's thread.
        var open = Task.Run(
            () =>
            {
                var command = _client.CreateCommand(commandText, Encoding.UTF8);
                try
                {
                    var execution = command.ExecuteAsync(CancellationToken.None);
                    var input = command.CreateInputStream();
                    return new SshChannelStream(this, command, execution, input, commandText);
                }
                catch
                {
                    command.Dispose();
                    throw;
                }
            },
            cancellationToken);
        try
        {
            var stream = await open.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            _logger.LogDebug("SSH exec channel on {Host} running {Command}", HostName, commandText);
            return stream;
        }
        catch (TimeoutException e)
        {
            _ = open.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw new SshSessionLostException(HostName, $"The SSH server {HostName} did not open a channel within {timeout.TotalSeconds:0.#} s.", e);
        }
        catch (Exception e) when (e is SshException or ObjectDisposedException or InvalidOperationException)
        {
            ReportFailure(e);
            if (Lost.IsCompleted)
            {
                throw new SshSessionLostException(HostName, $"The SSH session to {HostName} cannot open a channel: {e.Message}", e);
            }

            // The session lives but refused this channel (e.g. sshd's MaxSessions reached).
            throw new SshConnectException(HostName, $"The SSH server {HostName} refused to open a channel: {e.Message}", e);
        }
    }

    /// <summary>
    /// A channel failed with <paramref name="cause"/>: the session is dead when SSH.NET says the connection
    /// failed or the client is no longer connected; other failures (one channel's) leave it alone.
    /// </summary>
    public void ReportFailure(Exception cause)
    {
        if (cause is SshConnectionException || !_client.IsConnected)
        {
            MarkLost(cause);
        }
    }

    /// <summary>Marks the session dead (e.g. when a channel found it broken).</summary>
    public void MarkLost(Exception cause)
    {
        if (_lost.TrySetResult(cause))
        {
            _logger.LogWarning(cause, "SSH session to {Host} lost", HostName);
        }
    }

    public void Dispose()
    {
        _client.ErrorOccurred -= OnErrorOccurred;
        MarkLost(new ObjectDisposedException(nameof(SshSession)));
        _client.Dispose();
    }

    private void OnErrorOccurred(object? sender, ExceptionEventArgs e) => MarkLost(e.Exception);

    private static void PreferKnownHostKeyTypes(ConnectionInfo connectionInfo, IReadOnlySet<string> knownTypes)
    {
        // Like OpenSSH: when known_hosts has keys of some types for this host, ask only for those, so that the
        // server does not present a key of another type that would look like a changed key.
        if (knownTypes.Count == 0)
        {
            return;
        }

        var algorithms = connectionInfo.HostKeyAlgorithms;
        var keep = algorithms.Keys.Where(a => knownTypes.Contains(KeyTypeOf(a))).ToList();
        if (keep.Count == 0)
        {
            return;
        }

        foreach (var name in algorithms.Keys.Except(keep).ToList())
        {
            algorithms.Remove(name);
        }
    }

    private static string KeyTypeOf(string algorithm) =>
        algorithm is "rsa-sha2-256" or "rsa-sha2-512" ? "ssh-rsa" : algorithm;
}
