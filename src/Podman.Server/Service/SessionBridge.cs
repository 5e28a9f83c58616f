using System.Buffers.Binary;
using System.Text.Json;
using Podman.Server.Libpod;

namespace Podman.Server.Service;

/// <summary>How an attach or exec session ended.</summary>
internal enum SessionEnd
{
    /// <summary>libpod's stream ended: the process (or the container) is done; its exit code is owed.</summary>
    ProcessEnded,

    /// <summary>The client typed the detach keys: the process runs on.</summary>
    Detached,

    /// <summary>The client's connection ended (or broke): nobody is left to tell.</summary>
    ClientGone,
}

/// <summary>
/// One attach or exec session: io.podman 1.9's frames on the client's upgraded connection ↔ libpod's
/// hijacked stream. Output goes out as stdout (dest 0) and stderr (dest 2) frames (raw bytes with a
/// terminal, docker's multiplexed frames without); stdin frames go in through the detach-key filter;
/// resize frames go to <see cref="TerminalSizer"/>; a hang-up half-closes libpod's stream, so the
/// process reads the end of its input and its output goes on.
/// </summary>
/// <remarks>The quit frame is the caller's to send, once <see cref="RunAsync"/> has said how the session ended.</remarks>
internal sealed class SessionBridge(Stream client, LibpodHijack rest, bool tty, bool forwardStdin, DetachKeys keys, TerminalSizer? sizer)
{
    private const int Chunk = 32 * 1024;

    /// <summary>Pumps both ways until the process's output ends, the client detaches, or the client goes.</summary>
    public async Task<SessionEnd> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var output = PumpOutputAsync(stop.Token);
        var input = PumpInputAsync(stop.Token);
        var first = await Task.WhenAny(output, input).ConfigureAwait(false);
        SessionEnd end = first == output
            ? (output.IsCompletedSuccessfully ? output.Result : SessionEnd.ClientGone)
            : (input.IsCompletedSuccessfully ? input.Result : SessionEnd.ClientGone);

        await stop.CancelAsync().ConfigureAwait(false);
        if (end != SessionEnd.ProcessEnded)
        {
            // Closing libpod's stream ends the attach (or exec) there; the process goes on.
            await rest.DisposeAsync().ConfigureAwait(false);
        }

        await Settle(output).ConfigureAwait(false);
        await Settle(input).ConfigureAwait(false);
        return end;
    }

    private static async Task Settle(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Its failure was read as how the session ended; the other side was stopped for it.
        }
    }

    /// <summary>libpod → client. Ends with <see cref="SessionEnd.ProcessEnded"/> at libpod's end of stream, <see cref="SessionEnd.ClientGone"/> when a write fails.</summary>
    private async Task<SessionEnd> PumpOutputAsync(CancellationToken cancellationToken)
    {
        var frame = new byte[SessionFrames.HeaderLength + Chunk];
        var header = new byte[8];
        while (true)
        {
            byte destination = SessionFrames.Stdout;
            long remaining = long.MaxValue;
            if (!tty)
            {
                // docker's frame: [stream, 0, 0, 0, BE uint32 length]; stream 1 stdout, 2 stderr (3: libpod's own errors).
                if (!await ReadFullAsync(header, cancellationToken).ConfigureAwait(false))
                {
                    return SessionEnd.ProcessEnded;
                }

                destination = header[0] is 2 or 3 ? SessionFrames.Stderr : SessionFrames.Stdout;
                remaining = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
            }

            while (remaining > 0)
            {
                int read;
                try
                {
                    read = await rest.ReadAsync(frame.AsMemory(SessionFrames.HeaderLength, (int)Math.Min(Chunk, remaining)), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException)
                {
                    return SessionEnd.ProcessEnded;
                }

                if (read == 0)
                {
                    return SessionEnd.ProcessEnded;
                }

                remaining -= tty ? 0 : read;
                SessionFrames.WriteHeader(frame, destination, read);
                try
                {
                    await client.WriteAsync(frame.AsMemory(0, SessionFrames.HeaderLength + read), cancellationToken).ConfigureAwait(false);
                    await client.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException)
                {
                    return SessionEnd.ClientGone;
                }
            }
        }
    }

    private async Task<bool> ReadFullAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        int filled = 0;
        while (filled < buffer.Length)
        {
            int read;
            try
            {
                read = await rest.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                return false;
            }

            if (read == 0)
            {
                return false;
            }

            filled += read;
        }

        return true;
    }

    /// <summary>client → libpod. Ends with <see cref="SessionEnd.Detached"/> or <see cref="SessionEnd.ClientGone"/>.</summary>
    private async Task<SessionEnd> PumpInputAsync(CancellationToken cancellationToken)
    {
        var header = new byte[SessionFrames.HeaderLength];
        var payload = new byte[Chunk];
        var passed = new byte[keys.MaxOutput(Chunk)];
        bool hungUp = false;
        while (true)
        {
            if (!await ReadClientAsync(header, header.Length, cancellationToken).ConfigureAwait(false))
            {
                return SessionEnd.ClientGone;
            }

            long length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
            switch (header[0])
            {
                case SessionFrames.Stdin:
                    while (length > 0)
                    {
                        int n = (int)Math.Min(length, payload.Length);
                        if (!await ReadClientAsync(payload, n, cancellationToken).ConfigureAwait(false))
                        {
                            return SessionEnd.ClientGone;
                        }

                        length -= n;
                        var (written, detached) = keys.Filter(payload.AsSpan(0, n), passed);
                        if (written > 0 && forwardStdin && !hungUp)
                        {
                            try
                            {
                                await rest.WriteAsync(passed.AsMemory(0, written), cancellationToken).ConfigureAwait(false);
                            }
                            catch (Exception e) when (e is IOException or ObjectDisposedException)
                            {
                                // The process is gone: its output's end is about to end the session.
                            }
                        }

                        if (detached)
                        {
                            return SessionEnd.Detached;
                        }
                    }

                    break;

                case SessionFrames.Resize when length <= SessionFrames.MaxResizeFrame:
                    if (!await ReadClientAsync(payload, (int)length, cancellationToken).ConfigureAwait(false))
                    {
                        return SessionEnd.ClientGone;
                    }

                    if (TryReadSize(payload.AsSpan(0, (int)length), out var width, out var height))
                    {
                        sizer?.Request(width, height);
                    }

                    break;

                case SessionFrames.HangUp:
                    if (!await SkipClientAsync(length, payload, cancellationToken).ConfigureAwait(false))
                    {
                        return SessionEnd.ClientGone;
                    }

                    if (!hungUp)
                    {
                        hungUp = true;
                        rest.CloseInput();
                    }

                    break;

                default:
                    // Frames a service does not take (or an oversized resize): skipped whole.
                    if (!await SkipClientAsync(length, payload, cancellationToken).ConfigureAwait(false))
                    {
                        return SessionEnd.ClientGone;
                    }

                    break;
            }
        }
    }

    /// <summary>Reads <c>{"Width": w, "Height": h}</c> (names as Go's JSON reads them: any case).</summary>
    internal static bool TryReadSize(ReadOnlySpan<byte> json, out int width, out int height)
    {
        width = height = 0;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                if (!reader.Read())
                {
                    return false;
                }

                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) && value is > 0 and <= ushort.MaxValue)
                {
                    if (string.Equals(name, "Width", StringComparison.OrdinalIgnoreCase))
                    {
                        width = value;
                    }
                    else if (string.Equals(name, "Height", StringComparison.OrdinalIgnoreCase))
                    {
                        height = value;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return width > 0 && height > 0;
    }

    private async Task<bool> ReadClientAsync(byte[] buffer, int count, CancellationToken cancellationToken)
    {
        int filled = 0;
        while (filled < count)
        {
            int read;
            try
            {
                read = await client.ReadAsync(buffer.AsMemory(filled, count - filled), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                return false;
            }

            if (read == 0)
            {
                return false;
            }

            filled += read;
        }

        return true;
    }

    private async Task<bool> SkipClientAsync(long length, byte[] scratch, CancellationToken cancellationToken)
    {
        while (length > 0)
        {
            int n = (int)Math.Min(length, scratch.Length);
            if (!await ReadClientAsync(scratch, n, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            length -= n;
        }

        return true;
    }
}
