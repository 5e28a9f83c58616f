namespace Varlink;

/// <summary>
/// The peer sent something the varlink protocol does not allow: a message that is not a JSON object,
/// an unknown or duplicated key, a message over <see cref="ProtocolLimits.MaxMessageSize"/>, a
/// connection that ended in the middle of a message, a reply nobody asked for. The connection that
/// carried it is closed.
/// </summary>
public sealed class VarlinkProtocolException : VarlinkException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What the peer did wrong.</param>
    /// <param name="innerException">The cause, if any (for example a <see cref="System.Text.Json.JsonException"/>).</param>
    public VarlinkProtocolException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
