using System.Text;
using V = Podman.Client.Varlink;

namespace Podman.Client;

public sealed partial class ContainersClient
{
    /// <summary>Attaches to a container's console, starting it first when <paramref name="start"/> is set (<c>Attach</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="start">Start the container (it must be created); otherwise it must be running.</param>
    /// <param name="detachKeys">The key sequence that detaches (podman's default when null).</param>
    /// <param name="cancellationToken">Cancels setting up the session.</param>
    /// <returns>The session (dispose it).</returns>
    public async Task<ContainerSession> AttachAsync(string id, bool start = false, string? detachKeys = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var upgrade = await _invoker.CallAsync("Attach", id, (p, t) => p.AttachAsync(id, detachKeys ?? "", start, t), cancellationToken).ConfigureAwait(false);
        return new ContainerSession(upgrade.Stream, id);
    }

    /// <summary>Runs a command in a running container (<c>ExecContainer</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="parameters">The command.</param>
    /// <param name="cancellationToken">Cancels setting up the session.</param>
    /// <returns>The session (dispose it); <see cref="ContainerSession.ExitCode"/> is the command's.</returns>
    public async Task<ContainerSession> ExecAsync(string id, ExecParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Command is not { Count: > 0 })
        {
            throw new ArgumentException("The command is empty.", nameof(parameters) + "." + nameof(parameters.Command));
        }

        var opts = new V.ExecOpts
        {
            Name = id,
            Tty = parameters.Tty,
            Privileged = parameters.Privileged,
            Cmd = [.. parameters.Command],
            User = parameters.User,
            Workdir = parameters.WorkingDirectory,
            Env = PodmanValues.Pairs(parameters.Environment),
            DetachKeys = parameters.DetachKeys,
        };
        if (parameters.TerminalSize is { } size && (size.Width <= 0 || size.Height <= 0 || size.Width > ushort.MaxValue || size.Height > ushort.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(parameters) + "." + nameof(parameters.TerminalSize), size, "A terminal's width and height are 1 to 65535.");
        }

        var upgrade = await _invoker.CallAsync("ExecContainer", id, (p, t) => p.ExecContainerAsync(opts, t), cancellationToken).ConfigureAwait(false);
        var session = new ContainerSession(upgrade.Stream, id);
        if (parameters.Tty && parameters.TerminalSize is { } start)
        {
            try
            {
                await session.ResizeAsync(start.Width, start.Height, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await session.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return session;
    }

    /// <summary>Where podman keeps a container's console sockets (<c>GetAttachSockets</c>).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The socket paths on podman's host.</returns>
    public async Task<AttachSockets> GetAttachSocketsAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var s = await _invoker.CallAsync("GetAttachSockets", id, (p, t) => p.GetAttachSocketsAsync(id, t), cancellationToken).ConfigureAwait(false);
        return new AttachSockets(s.ContainerId, s.IoSocket, s.ControlSocket);
    }

    /// <summary>Opens a container's control channel (<c>AttachControl</c>; podman 1.9.3 did not implement it).</summary>
    /// <param name="id">Name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when podman answered.</returns>
    public Task AttachControlAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return _invoker.CallAsync("AttachControl", id, (p, t) => p.AttachControlAsync(id, t), cancellationToken);
    }

    /// <summary>
    /// Creates a container from <paramref name="image"/> running <paramref name="command"/>, starts it, waits
    /// for it to exit, reads its output, and removes it: what <c>podman run --rm</c> does.
    /// </summary>
    /// <param name="image">The image.</param>
    /// <param name="command">The command (the image's when empty).</param>
    /// <param name="cancellationToken">Cancels the run; the container is still removed.</param>
    /// <returns>The exit code and output.</returns>
    public Task<ContainerRunResult> RunAsync(string image, IEnumerable<string>? command = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        return RunAsync(new ContainerCreateParameters { Image = image, Command = [.. command ?? []] }, cancellationToken);
    }

    /// <summary>Creates a container, starts it, waits for it, reads its output, and removes it.</summary>
    /// <param name="parameters">The container.</param>
    /// <param name="cancellationToken">Cancels the run; the container is still removed.</param>
    /// <returns>The exit code and output.</returns>
    public async Task<ContainerRunResult> RunAsync(ContainerCreateParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var id = await CreateAsync(parameters with { AutoRemove = false }, cancellationToken).ConfigureAwait(false);
        try
        {
            await StartAsync(id, cancellationToken).ConfigureAwait(false);
            var code = await WaitAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false);
            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            await foreach (var line in LogsAsync(id, new ContainerLogsParameters(), cancellationToken).ConfigureAwait(false))
            {
                var target = line.Stream == LogStream.Stderr ? stderr : stdout;
                target.Append(line.Message);
                if (!line.IsPartial)
                {
                    target.Append('\n');
                }
            }

            return new ContainerRunResult(id, code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await RemoveAsync(id, force: true, cancellationToken: cleanup.Token).ConfigureAwait(false);
            }
            catch (PodmanException)
            {
                // Best effort: the run's own result or failure is what the caller needs.
            }
        }
    }
}
