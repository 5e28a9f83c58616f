namespace Varlink;

/// <summary>
/// A way to reach a varlink service. A transport only opens a connected duplex byte stream; framing,
/// envelopes and calls are the core's business, so new transports (SSH, a spawned bridge process)
/// plug in without the core knowing about them.
/// </summary>
public interface IVarlinkTransport
{
    /// <summary>Opens a new connection and returns its duplex stream.</summary>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    /// <returns>A readable and writable stream; disposing it closes the connection.</returns>
    ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken = default);
}
