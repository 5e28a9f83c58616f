using Varlink;
using Varlink.Ssh;

namespace Podman.Machine;

public sealed partial class PodmanMachine
{
    /// <summary>Where the appliance's io.podman service listens (services.d/40-io.podman).</summary>
    public const string IoPodmanSocketPath = "/run/podman/io.podman";

    /// <summary>
    /// The SSH transport options that reach a varlink service in this machine through the appliance's
    /// <c>varlink bridge</c>: root with the machine's key, the host key pinned to the one the machine was
    /// created with, io.podman's socket unless <paramref name="socketPath"/> says otherwise.
    /// </summary>
    /// <param name="socketPath">The unix socket in the guest.</param>
    /// <returns>New options (for an <see cref="SshVarlinkTransport"/>); the machine must be running.</returns>
    /// <exception cref="MachineException">The machine is not running.</exception>
    public SshVarlinkOptions CreateVarlinkOptions(string socketPath = IoPodmanSocketPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        SshEndpoint endpoint = GetSshEndpoint();
        var options = new SshVarlinkOptions
        {
            Host = endpoint.Host,
            Port = endpoint.Port,
            UserName = endpoint.User,
            SocketPath = socketPath,
            HostKeyFingerprints = { endpoint.HostKeyFingerprint },
        };
        options.PrivateKeyFiles.Add(endpoint.IdentityFile);
        return options;
    }

    /// <summary>
    /// The file the readiness check makes in the guest before it asks io.podman: the appliance's deferred driver
    /// coldplug (announce) waits for it, at most 5 s, so that the host's handshake and first call have the vCPUs.
    /// </summary>
    internal const string HostReadyMarkerPath = "/run/boot2podman/host-ready";

    // The readiness check's command: the marker (the shell's own `true`, no program; a guest without the
    // directory only skips it), then the bridge in the shell's place.
    internal const string ReadinessCommand = $"true 2>/dev/null >{HostReadyMarkerPath}; exec varlink bridge --connect unix:{IoPodmanSocketPath}";

    // Readiness: io.podman answers GetVersion through the appliance's varlink bridge, on an exec channel of
    // the machine's own SSH connection (no second SSH session: under TCG each key exchange costs the guest
    // seconds). The bridge ends its call when its input closes, so the request's input stays open until the
    // reply's terminating NUL is there.
    private async Task<string> GetIoPodmanVersionAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        const string command = ReadinessCommand;
        var reply = new VarlinkReplySink();
        using var error = new MemoryStream();
        var request = new HeldOpenInput("{\"method\":\"io.podman.GetVersion\"}\0"u8.ToArray(), reply.Complete);
        int exit = await ExecuteAsync(command, request, reply, error, timeout, cancellationToken).ConfigureAwait(false);
        if (!reply.Complete.IsCompleted)
        {
            string stderr = System.Text.Encoding.UTF8.GetString(error.ToArray()).Trim();
            throw new MachineException($"io.podman sent no reply through the bridge (exit {exit}{(stderr.Length > 0 ? ": " + stderr : "")}).");
        }

        using var document = System.Text.Json.JsonDocument.Parse(reply.Complete.Result);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var failure))
        {
            throw new MachineException($"io.podman answered GetVersion with {failure.GetString()}.");
        }

        // GetVersion() -> (version: string, ...)
        return root.TryGetProperty("parameters", out var parameters) && parameters.TryGetProperty("version", out var version)
            ? version.GetString() ?? string.Empty
            : throw new MachineException($"io.podman's GetVersion reply has no version: {reply.Complete.Result.Length} bytes.");
    }

    // The reply side of the readiness call: collects the bridge's output up to the first NUL (one varlink message).
    private sealed class VarlinkReplySink : Stream
    {
        private readonly MemoryStream _message = new();
        private readonly TaskCompletionSource<byte[]> _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<byte[]> Complete => _complete.Task;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_complete.Task.IsCompleted)
            {
                return;
            }

            int end = buffer.IndexOf((byte)0);
            _message.Write(end < 0 ? buffer : buffer[..end]);
            if (end >= 0)
            {
                _complete.TrySetResult(_message.ToArray());
            }
            else if (_message.Length > 1 << 20)
            {
                _complete.TrySetException(new MachineException("io.podman's GetVersion reply exceeds 1 MiB without a terminating NUL."));
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    // The request side: the request's bytes, then end of input once the gate has completed (the reply came).
    private sealed class HeldOpenInput(byte[] request, Task gate) : Stream
    {
        private int _sent;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_sent < request.Length)
            {
                int count = Math.Min(buffer.Length, request.Length - _sent);
                request.AsMemory(_sent, count).CopyTo(buffer);
                _sent += count;
                return count;
            }

            try
            {
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The reply failed (too long): end the input all the same, the caller reports it.
            }

            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("asynchronous only");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
