using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Podman.Machine;

/// <summary>
/// A minimal QEMU Machine Protocol client: reads the greeting, negotiates capabilities, runs one
/// command and waits for its <c>return</c> (events in between are skipped).
/// </summary>
internal static class QmpClient
{
    private const int MaxLines = 1000;

    /// <summary>The run state qemu reports (<c>query-status</c>): <c>running</c>, <c>paused</c>, <c>internal-error</c>, ….</summary>
    /// <exception cref="MachineException">The socket does not answer, answers with an error, or is too slow.</exception>
    public static async Task<string> QueryStatusAsync(string socketPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        JsonElement result = await ExecuteAsync(socketPath, "query-status", timeout, cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Object && result.TryGetProperty("status", out JsonElement status) && status.ValueKind == JsonValueKind.String
            ? status.GetString()!
            : throw new MachineException($"QMP on {socketPath} answered 'query-status' without a status: {result.GetRawText()}");
    }

    /// <summary>Sends <paramref name="command"/> (e.g. <c>system_powerdown</c>) to the VM behind <paramref name="socketPath"/>.</summary>
    /// <returns>The command's <c>return</c> value.</returns>
    /// <exception cref="MachineException">The socket does not answer, answers with an error, or is too slow.</exception>
    public static async Task<JsonElement> ExecuteAsync(string socketPath, string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), timeoutSource.Token).ConfigureAwait(false);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);

            using (JsonDocument greeting = await ReadMessageAsync(reader, timeoutSource.Token).ConfigureAwait(false))
            {
                if (!greeting.RootElement.TryGetProperty("QMP", out _))
                {
                    throw new MachineException($"{socketPath} did not greet with QMP: {greeting.RootElement.GetRawText()}");
                }
            }

            await SendAsync(stream, "qmp_capabilities", timeoutSource.Token).ConfigureAwait(false);
            await ReadReturnAsync(reader, socketPath, "qmp_capabilities", timeoutSource.Token).ConfigureAwait(false);
            await SendAsync(stream, command, timeoutSource.Token).ConfigureAwait(false);
            return await ReadReturnAsync(reader, socketPath, command, timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MachineException($"QMP on {socketPath} did not answer '{command}' within {timeout.TotalSeconds:0} s.");
        }
        catch (Exception e) when (e is SocketException or IOException or JsonException)
        {
            throw new MachineException($"QMP on {socketPath} failed during '{command}': {e.Message}", e);
        }
    }

    private static async Task SendAsync(Stream stream, string command, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("execute"u8, command);
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<JsonElement> ReadReturnAsync(StreamReader reader, string socketPath, string command, CancellationToken cancellationToken)
    {
        for (int i = 0; i < MaxLines; i++)
        {
            using JsonDocument message = await ReadMessageAsync(reader, cancellationToken).ConfigureAwait(false);
            if (message.RootElement.TryGetProperty("return", out JsonElement result))
            {
                return result.Clone();
            }

            if (message.RootElement.TryGetProperty("error", out JsonElement error))
            {
                throw new MachineException($"QMP on {socketPath} refused '{command}': {error.GetRawText()}");
            }

            // Anything else is an asynchronous event (e.g. POWERDOWN): skip it.
        }

        throw new MachineException($"QMP on {socketPath} sent {MaxLines} messages without answering '{command}'.");
    }

    private static async Task<JsonDocument> ReadMessageAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        return line is null
            ? throw new IOException("the QMP socket closed")
            : JsonDocument.Parse(line);
    }
}
