namespace Varlink;

/// <summary>
/// The result of a call made with <c>upgrade</c>: the service's confirming reply, and the raw duplex
/// stream that now carries the custom protocol. The varlink connection it came from is spent.
/// </summary>
/// <typeparam name="TReply">The type of the confirming reply's parameters.</typeparam>
public sealed class VarlinkUpgrade<TReply> : IAsyncDisposable, IDisposable
{
    internal VarlinkUpgrade(TReply reply, Stream stream)
    {
        Reply = reply;
        Stream = stream;
    }

    /// <summary>The parameters of the reply that confirmed the upgrade.</summary>
    public TReply Reply { get; }

    /// <summary>
    /// The connection's raw byte stream after the confirming reply. Bytes the service sent right after
    /// its reply were kept and are read first. Disposing the stream closes the connection.
    /// </summary>
    public Stream Stream { get; }

    /// <summary>Closes the upgraded connection.</summary>
    /// <returns>A task that completes when the stream is disposed.</returns>
    public ValueTask DisposeAsync() => Stream.DisposeAsync();

    /// <summary>Closes the upgraded connection.</summary>
    public void Dispose() => Stream.Dispose();
}
