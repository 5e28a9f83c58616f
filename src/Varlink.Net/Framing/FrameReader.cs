using System.Buffers;

namespace Varlink;

/// <summary>
/// Finds NUL-terminated frames in a pipe buffer without copying them. The caller keeps
/// <c>scanned</c> between reads so that bytes already searched for a NUL are not searched again.
/// </summary>
internal static class FrameReader
{
    /// <summary>
    /// Takes the next complete frame off the front of <paramref name="buffer"/>.
    /// </summary>
    /// <param name="buffer">The unread bytes; on success, advanced past the frame and its NUL.</param>
    /// <param name="scanned">How many bytes at the front of <paramref name="buffer"/> are known to hold no NUL;
    /// updated on failure, reset to 0 on success.</param>
    /// <param name="maxMessageSize">The largest frame allowed, without its NUL.</param>
    /// <param name="frame">The frame without its NUL, a slice of <paramref name="buffer"/>.</param>
    /// <returns>True when a frame was found; false when more bytes are needed.</returns>
    /// <exception cref="VarlinkProtocolException">The frame is (or will be) larger than the limit.</exception>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, ref long scanned, int maxMessageSize, out ReadOnlySequence<byte> frame)
    {
        long length = buffer.Length;
        if (scanned < length)
        {
            // Never look further than one byte past the limit: that byte must be the NUL.
            long limit = Math.Min(length, (long)maxMessageSize + 1);
            if (scanned < limit)
            {
                var unscanned = buffer.Slice(scanned, limit - scanned);
                SequencePosition? nul = unscanned.PositionOf((byte)0);
                if (nul is { } position)
                {
                    frame = buffer.Slice(0, position);
                    buffer = buffer.Slice(buffer.GetPosition(1, position));
                    scanned = 0;
                    return true;
                }

                scanned = limit;
            }

            if (scanned > maxMessageSize)
            {
                ThrowTooLarge(maxMessageSize);
            }
        }

        frame = default;
        return false;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowTooLarge(int maxMessageSize)
        => throw new VarlinkProtocolException(
            $"A varlink message is larger than the limit of {maxMessageSize} bytes (ProtocolLimits.MaxMessageSize); the connection is closed.");

    /// <summary>The error for a connection that ended inside a message.</summary>
    /// <param name="pending">How many bytes of the unfinished message were received.</param>
    /// <returns>The exception.</returns>
    public static VarlinkProtocolException TruncatedFrame(long pending)
        => new($"The connection ended in the middle of a message ({pending} bytes without the terminating NUL).");
}
