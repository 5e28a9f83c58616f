using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Podman.Machine;

/// <summary>
/// A minimal QEMU Machine Protocol client: one connection (greeting read, capabilities negotiated) on
/// which commands run one after the other, each waiting for its <c>return</c> (events in between are
/// skipped). The static <c>ExecuteAsync</c> and <c>QueryStatusAsync</c> run one command on a connection
/// of their own.
/// </summary>
internal sealed class QmpClient : IAsyncDisposable
{
    private const int MaxLines = 1000;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;
    private readonly string _socketPath;

    private QmpClient(Socket socket, string socketPath)
    {
        _socket = socket;
        _socketPath = socketPath;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _reader = new StreamReader(_stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
    }

    /// <summary>The run state qemu reports (<c>query-status</c>): <c>running</c>, <c>paused</c>, <c>internal-error</c>, ….</summary>
    /// <exception cref="MachineException">The socket does not answer, answers with an error, or is too slow.</exception>
    public static async Task<string> QueryStatusAsync(string socketPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await using QmpClient qmp = await ConnectAsync(socketPath, timeout, cancellationToken).ConfigureAwait(false);
        return await qmp.QueryStatusAsync(timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="command"/> (e.g. <c>system_powerdown</c>) to the VM behind <paramref name="socketPath"/>.</summary>
    /// <returns>The command's <c>return</c> value.</returns>
    /// <exception cref="MachineException">The socket does not answer, answers with an error, or is too slow.</exception>
    public static async Task<JsonElement> ExecuteAsync(string socketPath, string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await using QmpClient qmp = await ConnectAsync(socketPath, timeout, cancellationToken).ConfigureAwait(false);
        return await qmp.RunAsync(command, null, timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Connects, reads the greeting and leaves capabilities negotiation mode.</summary>
    /// <exception cref="MachineException">The socket does not answer, or not as QMP.</exception>
    public static async Task<QmpClient> ConnectAsync(string socketPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        QmpClient? qmp = null;
        try
        {
            await Guard(socketPath, "connect", timeout, cancellationToken, async token =>
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), token).ConfigureAwait(false);
                qmp = new QmpClient(socket, socketPath);
                using JsonDocument greeting = await qmp.ReadMessageAsync(token).ConfigureAwait(false);
                if (!greeting.RootElement.TryGetProperty("QMP", out _))
                {
                    throw new MachineException($"{socketPath} did not greet with QMP: {greeting.RootElement.GetRawText()}");
                }

                await qmp.SendAsync("qmp_capabilities", null, token).ConfigureAwait(false);
                await qmp.ReadReturnAsync("qmp_capabilities", token).ConfigureAwait(false);
                return 0;
            }).ConfigureAwait(false);
            return qmp!;
        }
        catch
        {
            if (qmp is not null)
            {
                await qmp.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>Runs <paramref name="command"/> with <paramref name="arguments"/> (a JSON object, or null).</summary>
    /// <returns>The command's <c>return</c> value.</returns>
    /// <exception cref="MachineException">qemu refused the command, the connection failed, or it was too slow.</exception>
    public Task<JsonElement> RunAsync(string command, string? arguments, TimeSpan timeout, CancellationToken cancellationToken) =>
        Guard(_socketPath, command, timeout, cancellationToken, async token =>
        {
            await SendAsync(command, arguments, token).ConfigureAwait(false);
            return await ReadReturnAsync(command, token).ConfigureAwait(false);
        });

    /// <summary>The run state (<c>query-status</c>).</summary>
    /// <exception cref="MachineException">qemu did not answer as expected.</exception>
    public async Task<string> QueryStatusAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        JsonElement result = await RunAsync("query-status", null, timeout, cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Object && result.TryGetProperty("status", out JsonElement status) && status.ValueKind == JsonValueKind.String
            ? status.GetString()!
            : throw new MachineException($"QMP on {_socketPath} answered 'query-status' without a status: {result.GetRawText()}");
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }

    private static async Task<T> Guard<T>(string socketPath, string command, TimeSpan timeout, CancellationToken cancellationToken, Func<CancellationToken, Task<T>> action)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            return await action(timeoutSource.Token).ConfigureAwait(false);
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

    private async Task SendAsync(string command, string? arguments, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("execute"u8, command);
            if (arguments is not null)
            {
                writer.WritePropertyName("arguments"u8);
                writer.WriteRawValue(arguments);
            }

            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        await _stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonElement> ReadReturnAsync(string command, CancellationToken cancellationToken)
    {
        for (int i = 0; i < MaxLines; i++)
        {
            using JsonDocument message = await ReadMessageAsync(cancellationToken).ConfigureAwait(false);
            if (message.RootElement.TryGetProperty("return", out JsonElement result))
            {
                return result.Clone();
            }

            if (message.RootElement.TryGetProperty("error", out JsonElement error))
            {
                throw new MachineException($"QMP on {_socketPath} refused '{command}': {error.GetRawText()}");
            }

            // Anything else is an asynchronous event (e.g. POWERDOWN): skip it.
        }

        throw new MachineException($"QMP on {_socketPath} sent {MaxLines} messages without answering '{command}'.");
    }

    private async Task<JsonDocument> ReadMessageAsync(CancellationToken cancellationToken)
    {
        string? line = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        return line is null
            ? throw new IOException("the QMP socket closed")
            : JsonDocument.Parse(line);
    }
}
