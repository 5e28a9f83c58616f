namespace Varlink;

/// <summary>
/// An exception that knows whether trying again may succeed. A transport's exceptions implement it so
/// that a retrying client can tell a dropped connection from a refusal (a rejected host key or login)
/// without knowing the transport.
/// </summary>
/// <remarks>
/// The first exception in a chain of <see cref="Exception.InnerException"/>s that implements this
/// decides; Varlink.Net.Extensions' <c>TransientFailures.IsTransient</c> reads it this way.
/// </remarks>
public interface ITransientFailure
{
    /// <summary>Whether trying again may succeed.</summary>
    bool IsTransient { get; }
}
