namespace Varlink;

/// <summary>
/// The limits the framing and envelope readers enforce, in one place. A message over a limit ends
/// the connection with a <see cref="VarlinkProtocolException"/>; memory stays bounded by them.
/// </summary>
public sealed record ProtocolLimits
{
    /// <summary>The default maximum size of one message: 16 MiB, as in libvarlink and systemd.</summary>
    public const int DefaultMaxMessageSize = 16 * 1024 * 1024;

    /// <summary>The default maximum nesting depth of the JSON in one message.</summary>
    public const int DefaultMaxDepth = 64;

    /// <summary>The limits used when none are given.</summary>
    public static ProtocolLimits Default { get; } = new();

    /// <summary>The largest message accepted, in bytes, not counting its terminating NUL.</summary>
    public int MaxMessageSize { get; init; } = DefaultMaxMessageSize;

    /// <summary>The deepest JSON nesting accepted in a message.</summary>
    public int MaxDepth { get; init; } = DefaultMaxDepth;
}
