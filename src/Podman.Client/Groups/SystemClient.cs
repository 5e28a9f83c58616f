namespace Podman.Client;

/// <summary>podman itself: <see cref="PodmanClient.System"/>.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class SystemClient
{
    private readonly PodmanInvoker _invoker;

    internal SystemClient(PodmanInvoker invoker) => _invoker = invoker;

    /// <summary>podman's version (<c>GetVersion</c>); a cheap way to check the connection.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version.</returns>
    /// <exception cref="PodmanConnectionException">io.podman could not be reached.</exception>
    public async Task<PodmanVersion> GetVersionAsync(CancellationToken cancellationToken = default) =>
        ModelMapper.Version(await _invoker.CallAsync("GetVersion", null, static (p, t) => p.GetVersionAsync(t), cancellationToken).ConfigureAwait(false));

    /// <summary>What <c>podman info</c> shows (<c>GetInfo</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Host, store and podman details.</returns>
    public async Task<PodmanSystemInfo> GetInfoAsync(CancellationToken cancellationToken = default) =>
        ModelMapper.Info(await _invoker.CallAsync("GetInfo", null, static (p, t) => p.GetInfoAsync(t), cancellationToken).ConfigureAwait(false));

    /// <summary>Removes every container, pod, image and volume (<c>Reset</c>). Not undoable.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when podman accepted the reset.</returns>
    public Task ResetAsync(CancellationToken cancellationToken = default) =>
        _invoker.CallAsync("Reset", null, static (p, t) => p.ResetAsync(t), cancellationToken);

    /// <summary>Sends a file to podman's host, e.g. a build context or an archive to load (<c>SendFile</c>).</summary>
    /// <param name="content">The file's bytes; exactly <paramref name="length"/> are read.</param>
    /// <param name="length">Its length in bytes.</param>
    /// <param name="type">What it is (podman 1.x sent an empty string).</param>
    /// <param name="cancellationToken">Cancels the transfer (closing its connection).</param>
    /// <returns>The path of the file on podman's host.</returns>
    public async Task<string> SendFileAsync(Stream content, long length, string type = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var upgrade = await _invoker.CallAsync("SendFile", null, (p, t) => p.SendFileAsync(type, length, t), cancellationToken).ConfigureAwait(false);
        await using (upgrade.ConfigureAwait(false))
        {
            await CopyExactlyAsync(content, upgrade.Stream, length, cancellationToken).ConfigureAwait(false);
            return upgrade.Reply.FileHandle;
        }
    }

    /// <summary>Reads a file from podman's host (<c>ReceiveFile</c>).</summary>
    /// <param name="path">The file on podman's host.</param>
    /// <param name="destination">Where its bytes go.</param>
    /// <param name="delete">Delete it on the host afterwards.</param>
    /// <param name="cancellationToken">Cancels the transfer (closing its connection).</param>
    /// <returns>The number of bytes copied.</returns>
    public async Task<long> ReceiveFileAsync(string path, Stream destination, bool delete = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(destination);
        var upgrade = await _invoker.CallAsync("ReceiveFile", path, (p, t) => p.ReceiveFileAsync(path, delete, t), cancellationToken).ConfigureAwait(false);
        await using (upgrade.ConfigureAwait(false))
        {
            await CopyExactlyAsync(upgrade.Stream, destination, upgrade.Reply.Len, cancellationToken).ConfigureAwait(false);
            return upgrade.Reply.Len;
        }
    }

    private static async Task CopyExactlyAsync(Stream from, Stream to, long length, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        var left = length;
        while (left > 0)
        {
            var n = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new PodmanConnectionException($"The file transfer ended {left} bytes short of {length}.");
            }

            await to.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            left -= n;
        }

        await to.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
