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
    /// <returns>
    /// The path of the file on podman's host (io.podman's <c>file_handle</c>), for <see cref="ImagesClient.BuildAsync(ImageBuildParameters, CancellationToken)"/>'s
    /// <see cref="ImageBuildParameters.ContextDirectory"/>, <see cref="ImagesClient.ImportAsync(string, string, string?, IEnumerable{string}?, bool, CancellationToken)"/>
    /// or <see cref="ImagesClient.LoadAsync(string, string?, bool, bool, CancellationToken)"/>. It is returned once io.podman has
    /// acknowledged the complete file.
    /// </returns>
    /// <exception cref="PodmanConnectionException">The transfer broke, or io.podman did not acknowledge the file.</exception>
    /// <remarks>The stream overloads of <see cref="ImagesClient"/> (import, load, build) send their file this way themselves.</remarks>
    public Task<string> SendFileAsync(Stream content, long length, string type = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentNullException.ThrowIfNull(type);
        return FileTransfer.SendAsync(_invoker, content, length, type, cancellationToken);
    }

    /// <summary>Reads a file from podman's host (<c>ReceiveFile</c>).</summary>
    /// <param name="path">The file on podman's host (io.podman sends only its own transfer files, such as what <see cref="ImagesClient.SaveAsync"/> wrote).</param>
    /// <param name="destination">Where its bytes go.</param>
    /// <param name="delete">Delete it on the host afterwards.</param>
    /// <param name="cancellationToken">Cancels the transfer (closing its connection).</param>
    /// <returns>The number of bytes copied.</returns>
    /// <exception cref="PodmanConnectionException">The transfer broke.</exception>
    public Task<long> ReceiveFileAsync(string path, Stream destination, bool delete = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(destination);
        return FileTransfer.ReceiveAsync(_invoker, path, destination, delete, cancellationToken);
    }
}
