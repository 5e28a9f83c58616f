using System.Buffers.Binary;

namespace Podman.Server.Service;

/// <summary>
/// io.podman 1.9's frames on an upgraded Attach or ExecContainer connection: an 8-byte header
/// <c>[destination, 0, 0, 0, big-endian uint32 length]</c>, then the payload.
/// </summary>
internal static class SessionFrames
{
    /// <summary>Service → client: the process's output (all of it with a terminal).</summary>
    public const byte Stdout = 0;

    /// <summary>Client → service: bytes for the process's input.</summary>
    public const byte Stdin = 1;

    /// <summary>Service → client: the process's error output (without a terminal).</summary>
    public const byte Stderr = 2;

    /// <summary>Client → service: the terminal's size, JSON <c>{"Width":w,"Height":h}</c>.</summary>
    public const byte Resize = 3;

    /// <summary>Service → client, last: the exit code, a big-endian uint32.</summary>
    public const byte Quit = 4;

    /// <summary>Client → service: its input ended (podman-remote sends the payload <c>EOF</c>).</summary>
    public const byte HangUp = 5;

    /// <summary>The header's length.</summary>
    public const int HeaderLength = 8;

    /// <summary>The largest resize frame read (the JSON of two numbers).</summary>
    public const int MaxResizeFrame = 4096;

    /// <summary>Fills the header in front of a payload that starts at <see cref="HeaderLength"/> in <paramref name="frame"/>.</summary>
    public static void WriteHeader(Span<byte> frame, byte destination, int length)
    {
        frame[0] = destination;
        frame[1] = frame[2] = frame[3] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(frame[4..], (uint)length);
    }

    /// <summary>Writes and flushes one frame of UTF-8 <paramref name="text"/> to <paramref name="destination"/>.</summary>
    public static async Task WriteTextAsync(Stream client, byte destination, string text, CancellationToken cancellationToken)
    {
        var frame = new byte[HeaderLength + System.Text.Encoding.UTF8.GetByteCount(text)];
        WriteHeader(frame, destination, System.Text.Encoding.UTF8.GetBytes(text, frame.AsSpan(HeaderLength)));
        await client.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        await client.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes and flushes the quit frame carrying <paramref name="exitCode"/>.</summary>
    public static async Task WriteQuitAsync(Stream client, int exitCode, CancellationToken cancellationToken)
    {
        var frame = new byte[HeaderLength + 4];
        WriteHeader(frame, Quit, 4);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(HeaderLength), unchecked((uint)exitCode));
        await client.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        await client.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
