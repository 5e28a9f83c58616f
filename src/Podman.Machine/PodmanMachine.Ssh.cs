using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Security;
using Varlink.Ssh;

namespace Podman.Machine;

public sealed partial class PodmanMachine
{
    private const string PinnedHostKeyAlgorithm = "ssh-ed25519";
    private const string PreferredKeyExchange = "curve25519-sha256";
    private static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _sshLock = new(1, 1);
    private SshClient? _ssh;
    private PrivateKeyFile? _identity;

    // The key exchange the last SSH connection agreed on (tests check the preference holds).
    internal string? SshKeyExchange { get; private set; }

    /// <summary>Runs a shell command in the VM as the machine's SSH user.</summary>
    /// <param name="command">The command line, run by the user's login shell.</param>
    /// <param name="timeout">How long the command may run; default 5 minutes.</param>
    /// <param name="cancellationToken">Cancels the command (the remote process is signalled).</param>
    /// <returns>Its exit code and output; a failing command is not an exception (see <see cref="SshCommandResult.EnsureSuccess"/>).</returns>
    /// <exception cref="MachineException">The machine is not running or the command timed out.</exception>
    /// <exception cref="HostKeyMismatchException">The SSH server's host key is not the pinned one.</exception>
    public Task<SshCommandResult> RunAsync(string command, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        RunCoreAsync(command, null, timeout ?? DefaultCommandTimeout, cancellationToken);

    /// <summary>Runs a shell command in the VM with <paramref name="standardInput"/> copied to its stdin.</summary>
    /// <param name="command">The command line.</param>
    /// <param name="standardInput">What the command reads; read to its end, then stdin is closed.</param>
    /// <param name="timeout">How long the command may run; default 5 minutes.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>Its exit code and output.</returns>
    /// <exception cref="MachineException">The machine is not running or the command timed out.</exception>
    /// <exception cref="HostKeyMismatchException">The SSH server's host key is not the pinned one.</exception>
    public Task<SshCommandResult> RunAsync(string command, Stream standardInput, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(standardInput);
        return RunCoreAsync(command, standardInput, timeout ?? DefaultCommandTimeout, cancellationToken);
    }

    /// <summary>
    /// Runs a shell command in the VM and copies its output to <paramref name="standardOutput"/> and
    /// <paramref name="standardError"/> as it arrives (not when the command ends).
    /// </summary>
    /// <param name="command">The command line, run by the user's login shell.</param>
    /// <param name="standardInput">What the command reads (read to its end, then stdin is closed), or null for none.</param>
    /// <param name="standardOutput">Receives the command's standard output.</param>
    /// <param name="standardError">Receives the command's standard error.</param>
    /// <param name="timeout">How long the command may run; default 5 minutes.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The command's exit code (-1 when the server sent none).</returns>
    /// <exception cref="MachineException">The machine is not running or the command timed out.</exception>
    /// <exception cref="HostKeyMismatchException">The SSH server's host key is not the pinned one.</exception>
    public async Task<int> ExecuteAsync(string command, Stream? standardInput, Stream standardOutput, Stream standardError, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        ArgumentNullException.ThrowIfNull(standardOutput);
        ArgumentNullException.ThrowIfNull(standardError);
        TimeSpan limit = timeout ?? DefaultCommandTimeout;
        SshClient client = await ConnectAsync(SshAttemptTimeout, cancellationToken).ConfigureAwait(false);
        using SshCommand ssh = client.CreateCommand(command);
        ssh.CommandTimeout = limit;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(limit);
        try
        {
            Task execution = ssh.ExecuteAsync(timeoutSource.Token);
            Task output = CopyAsync(ssh.OutputStream, standardOutput, timeoutSource.Token);
            Task error = CopyAsync(ssh.ExtendedOutputStream, standardError, timeoutSource.Token);
            if (standardInput is not null)
            {
                // The input is copied while the command runs; a command that ends first stops the copy (its
                // stdin is gone), so an input that waits for the command's output cannot hold the call.
                using var inputStop = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token);
                Task copy = CopyInputAsync(ssh, standardInput, inputStop.Token);
                if (await Task.WhenAny(copy, execution).ConfigureAwait(false) == execution && !copy.IsCompleted)
                {
                    await inputStop.CancelAsync().ConfigureAwait(false);
                    try
                    {
                        await copy.ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is OperationCanceledException or SshException or ObjectDisposedException or InvalidOperationException)
                    {
                        // The command no longer reads: what was not sent does not matter.
                    }
                }
                else
                {
                    await copy.ConfigureAwait(false);
                }
            }

            await execution.ConfigureAwait(false);
            await Task.WhenAll(output, error).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SshOperationTimeoutException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new MachineException($"'{command}' did not finish within {limit.TotalSeconds:0} s in the machine '{Name}'.", e);
        }

        return ssh.ExitStatus ?? -1;
    }

    private static async Task CopyInputAsync(SshCommand ssh, Stream standardInput, CancellationToken cancellationToken)
    {
        await using Stream stdin = ssh.CreateInputStream();
        await standardInput.CopyToAsync(stdin, cancellationToken).ConfigureAwait(false);
    }

    // Copies each chunk as soon as it is read, so that a caller's terminal shows output as it is produced.
    private static async Task CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[16 * 1024];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<SshCommandResult> RunCoreAsync(string command, Stream? input, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var output = new MemoryStream();
        using var error = new MemoryStream();
        int exitCode = await ExecuteAsync(command, input, output, error, timeout, cancellationToken).ConfigureAwait(false);
        return new SshCommandResult(command, exitCode, System.Text.Encoding.UTF8.GetString(output.ToArray()), System.Text.Encoding.UTF8.GetString(error.ToArray()));
    }

    // Opens (or reuses) the SSH connection. Only ed25519 host keys are asked for (the kind the machine
    // pins), and the presented key is checked by Varlink.Net.Ssh's HostKeyVerifier against the pin.
    private async Task<SshClient> ConnectAsync(TimeSpan timeout, CancellationToken cancellationToken, Action<string>? step = null)
    {
        await _sshLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ssh is { IsConnected: true })
            {
                return _ssh;
            }

            DisconnectCore();
            SshEndpoint endpoint = GetSshEndpoint();
            var verifier = new HostKeyVerifier(new SshVarlinkOptions
            {
                Host = endpoint.Host,
                Port = endpoint.Port,
                HostKeyFingerprints = { endpoint.HostKeyFingerprint },
            });
            var identity = new PrivateKeyFile(endpoint.IdentityFile);
            var info = new ConnectionInfo(endpoint.Host, endpoint.Port, endpoint.User, new PrivateKeyAuthenticationMethod(endpoint.User, identity))
            {
                Timeout = timeout,
            };
            foreach (string algorithm in info.HostKeyAlgorithms.Keys.Where(k => k != PinnedHostKeyAlgorithm).ToList())
            {
                info.HostKeyAlgorithms.Remove(algorithm);
            }

            PreferKeyExchange(info, PreferredKeyExchange);

            var client = new SshClient(info) { KeepAliveInterval = TimeSpan.FromSeconds(30) };
            SshHostKeyException? refused = null;
            client.HostKeyReceived += (_, e) =>
            {
                refused = verifier.Verify(endpoint.Host, endpoint.Port, e.HostKey);
                e.CanTrust = refused is null;
                if (refused is null)
                {
                    step?.Invoke(MachineBootTimings.SshHostKey);
                }
            };
            client.ServerIdentificationReceived += (_, _) => step?.Invoke(MachineBootTimings.SshBanner);
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            try
            {
                await client.ConnectAsync(timeoutSource.Token).ConfigureAwait(false);
            }
            catch (Exception) when (refused is not null)
            {
                client.Dispose();
                identity.Dispose();
                throw new HostKeyMismatchException($"{endpoint.Host}:{endpoint.Port}", endpoint.HostKeyFingerprint, refused.ActualFingerprint, refused);
            }
            catch
            {
                client.Dispose();
                identity.Dispose();
                throw;
            }

            SshKeyExchange = info.CurrentKeyExchangeAlgorithm;
            _ssh = client;
            _identity = identity;
            return client;
        }
        finally
        {
            _sshLock.Release();
        }
    }

    // Moves one key exchange to the head of the client's list, which the server follows. The appliance's
    // OpenSSH 9.2 would otherwise agree to SSH.NET's first choice, the hybrid sntrup761x25519-sha512: its
    // lattice half cost the TCG guest 0.25-0.6 s more per handshake than curve25519-sha256 alone (snapshot starts,
    // alternating, load 8-9). The others stay as fallbacks.
    private static void PreferKeyExchange(ConnectionInfo info, string name)
    {
        if (info.KeyExchangeAlgorithms.Remove(name, out Func<IKeyExchange>? factory))
        {
            info.KeyExchangeAlgorithms.Insert(0, name, factory);
        }
    }

    private async Task DisconnectAsync()
    {
        await _sshLock.WaitAsync().ConfigureAwait(false);
        try
        {
            DisconnectCore();
        }
        finally
        {
            _sshLock.Release();
        }
    }

    private void DisconnectCore()
    {
        _ssh?.Dispose();
        _ssh = null;
        _identity?.Dispose();
        _identity = null;
    }
}
