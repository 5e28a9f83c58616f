using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Varlink.Tests.Support;

namespace Varlink.Tests;

/// <summary>
/// How a handler sees its call's parameters: read typed straight from the received bytes, parsed into
/// a document only when <see cref="VarlinkCall.Parameters"/> is read, valid until the handler is done.
/// Over a real unix socket, so large parameters arrive in many reads.
/// </summary>
public sealed class CallParametersTests : IAsyncLifetime
{
    private const string Description = """
        interface org.example.params

        type Item (name: string, size: int)

        method Typed(name: string, count: int, item: ?Item) -> (name: string, count: int, item: ?Item)

        method Lazy(text: string) -> (text: string)

        method Maybe(text: ?string) -> (text: ?string)

        method Open(token: string) -> ()
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly VarlinkTestJsonContext Context = VarlinkTestJsonContext.Default;

    private readonly TempSocket _socket = new();
    private readonly ConcurrentQueue<Exception> _failures = new();
    private readonly ConcurrentQueue<string> _notes = new();
    private VarlinkServer _server = null!;
    private VarlinkCall? _lastLazyCall;

    public Task InitializeAsync()
    {
        _server = new VarlinkServer(new VarlinkServerOptions { ConnectionFailed = _failures.Enqueue });
        _server.AddInterface(Description, HandleAsync);
        _server.Listen(_socket.Address);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _socket.Dispose();
    }

    [Fact]
    public async Task TypedHandlerReadsParametersWithoutBuildingADocument()
    {
        await using var connection = await VarlinkConnection.ConnectAsync(_socket.Address);
        var sent = new TypedParameters("typed", 7, new SizedItem("box", 3));

        var reply = await connection.CallAsync("org.example.params.Typed", sent, Context.TypedParameters, Context.TypedParameters).WaitAsync(Timeout);

        Assert.Equal(sent, reply);
        Assert.Equal(["Typed document=False"], _notes);
    }

    [Fact]
    public async Task AbsentParametersReadAsAnEmptyObjectTypedAndAsADocument()
    {
        await using var connection = await VarlinkConnection.ConnectAsync(_socket.Address);

        var absent = await connection.CallAsync("org.example.params.Maybe").WaitAsync(Timeout);
        var nulled = await connection.CallAsync("org.example.params.Maybe", TestService.Json("null")).WaitAsync(Timeout);

        Assert.Equal(JsonValueKind.Null, absent.GetProperty("text").ValueKind);
        Assert.Equal(JsonValueKind.Null, nulled.GetProperty("text").ValueKind);
        Assert.Equal(["Maybe typed=<null> element={} document=False", "Maybe typed=<null> element={} document=False"], _notes);
    }

    [Fact]
    public async Task RequiredParameterMissingIsRefusedBeforeTheHandlerRuns()
    {
        await using var connection = await VarlinkConnection.ConnectAsync(_socket.Address);

        var e = await Assert.ThrowsAsync<VarlinkRemoteException>(() => connection.CallAsync("org.example.params.Lazy").WaitAsync(Timeout));

        Assert.Equal("text", e.Parameters.GetProperty("parameter").GetString());
        Assert.Empty(_notes);
    }

    [Fact]
    public async Task ParametersDocumentIsBuiltOnlyWhenReadAndReleasedWhenTheHandlerIsDone()
    {
        await using var connection = await VarlinkConnection.ConnectAsync(_socket.Address);

        var reply = await connection.CallAsync("org.example.params.Lazy", TestService.Json("""{"text":"caf\u00e9 \"quoted\""}""")).WaitAsync(Timeout);

        // A second call on the same connection runs only after the first handler's task completed.
        await connection.CallAsync("org.example.params.Typed", TestService.Json("""{"name":"n","count":1}""")).WaitAsync(Timeout);
        Assert.Equal("café \"quoted\"", reply.GetProperty("text").GetString());
        Assert.Equal(["Lazy before=False after=True typed=café \"quoted\"", "Typed document=False"], _notes);
        var done = Assert.IsType<VarlinkCall>(_lastLazyCall);
        Assert.False(done.HasParametersDocument);
        Assert.Throws<ObjectDisposedException>(() => done.Parameters);
        Assert.Throws<ObjectDisposedException>(() => done.GetParameters(Context.NameParameters));
    }

    [Fact]
    public async Task OneMiBParameterArrivingInManyReadsIsReadTypedAndAsADocument()
    {
        await using var connection = await VarlinkConnection.ConnectAsync(_socket.Address);
        var big = string.Create(1 << 20, 0, static (span, _) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + (i % 26));
            }
        });

        var typed = await connection.CallAsync("org.example.params.Typed", new TypedParameters(big, 1, null), Context.TypedParameters, Context.TypedParameters).WaitAsync(Timeout);
        var lazy = await connection.CallAsync("org.example.params.Lazy", JsonSerializer.SerializeToElement(new { text = big })).WaitAsync(Timeout);

        Assert.Equal(big, typed.Name);
        Assert.Equal(big, lazy.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("""{"name":"x","count":1099511627776}""", "count")]
    [InlineData("""{"name":"x","count":1,"item":{"name":"i","size":1099511627776}}""", "item")]
    public async Task ValueFittingTheInterfaceButNotTheTypedRecordIsRefusedNamingTheParameter(string parameters, string name)
    {
        // 2^40 is a valid varlink int (64 bits) but does not fit the handler's 32-bit property.
        await using var connection = await VarlinkConnection.ConnectAsync(_socket.Address);

        var e = await Assert.ThrowsAsync<VarlinkRemoteException>(() => connection.CallAsync("org.example.params.Typed", TestService.Json(parameters)).WaitAsync(Timeout));

        Assert.Equal(VarlinkServiceErrors.InvalidParameter, e.ErrorName);
        Assert.Equal(name, e.Parameters.GetProperty("parameter").GetString());
        var after = await connection.CallAsync("org.example.params.Typed", TestService.Json("""{"name":"still","count":2}""")).WaitAsync(Timeout);
        Assert.Equal("still", after.GetProperty("name").GetString());
    }

    [Fact]
    public async Task InvalidUtf8InAStringParameterIsRefusedNamingTheParameter()
    {
        using var raw = await ConnectRawAsync();
        await using var stream = new NetworkStream(raw, ownsSocket: false);
        byte[] call = [.. "{\"method\":\"org.example.params.Typed\",\"parameters\":{\"count\":1,\"name\":\""u8, 0xff, 0xfe, .. "\"}}\0"u8];

        await stream.WriteAsync(call);

        Assert.Equal(
            """{"error":"org.varlink.service.InvalidParameter","parameters":{"parameter":"name"}}""",
            await FramingTests.ReadOneFrameAsync(stream));
    }

    [Theory]
    [InlineData(new byte[] { 0xff }, "\uFFFD")]
    [InlineData(new byte[] { (byte)'\\', (byte)'u', (byte)'d', (byte)'8', (byte)'0', (byte)'0' }, "\\ud800")]
    public async Task UnknownParameterNameThatIsNotValidTextIsRefusedAndTheConnectionServesOn(byte[] name, string reported)
    {
        using var raw = await ConnectRawAsync();
        await using var stream = new NetworkStream(raw, ownsSocket: false);
        byte[] call = [.. "{\"method\":\"org.example.params.Typed\",\"parameters\":{\"count\":1,\"name\":\"x\",\""u8, .. name, .. "\":1}}\0"u8];
        byte[] next = [.. "{\"method\":\"org.example.params.Maybe\"}\0"u8];

        await stream.WriteAsync(call);
        await stream.WriteAsync(next);

        using var refusal = JsonDocument.Parse(await FramingTests.ReadOneFrameAsync(stream));
        Assert.Equal("org.varlink.service.InvalidParameter", refusal.RootElement.GetProperty("error").GetString());
        Assert.Equal(reported, refusal.RootElement.GetProperty("parameters").GetProperty("parameter").GetString());
        using var answer = JsonDocument.Parse(await FramingTests.ReadOneFrameAsync(stream));
        Assert.False(answer.RootElement.TryGetProperty("error", out _), answer.RootElement.GetRawText());
        Assert.Empty(_failures);
    }

    [Fact]
    public async Task UpgradeCallParametersStayValidAfterTheStreamIsTakenOver()
    {
        await using var connection = await VarlinkConnection.ConnectAsync(_socket.Address);
        var token = new string('t', 100_000) + "!";

        await using var upgrade = await connection.UpgradeAsync("org.example.params.Open", new TokenParameters(token), Context.TokenParameters, Context.NameParameters).WaitAsync(Timeout);
        var junk = new byte[256 * 1024];
        Array.Fill(junk, (byte)'j');
        await upgrade.Stream.WriteAsync(junk);
        await upgrade.Stream.FlushAsync();

        using var reader = new StreamReader(upgrade.Stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(Timeout);
        var line = await reader.ReadLineAsync(timeout.Token);
        Assert.Equal($"{junk.Length} {token.Length} {token.Length}", line);
        Assert.Equal(token, _notes.Single()["Open ".Length..]);
    }

    public static TheoryData<string> MalformedParameters() => new()
    {
        """{"method":"org.example.params.Lazy","parameters":{"text":}}""",
        """{"method":"org.example.params.Lazy","parameters":{"text":"x"}""",
        """{"method":"org.example.params.Lazy","parameters":{"text":"x",}}""",
        """{"method":"org.example.params.Lazy","parameters":["text"]}""",
        """{"method":"org.example.params.Lazy","parameters":{"text":""" + new string('[', 70) + new string(']', 70) + "}}",
    };

    [Theory]
    [MemberData(nameof(MalformedParameters))]
    public async Task MalformedParametersCloseOnlyThatConnection(string call)
    {
        await using var good = await VarlinkConnection.ConnectAsync(_socket.Address);
        using (var raw = await ConnectRawAsync())
        {
            await raw.SendAsync(Encoding.UTF8.GetBytes(call + "\0"));
            var buffer = new byte[1024];
            using var timeout = new CancellationTokenSource(Timeout);
            Assert.Equal(0, await raw.ReceiveAsync(buffer, timeout.Token));
        }

        var reply = await good.CallAsync("org.example.params.Lazy", TestService.Json("""{"text":"served"}""")).WaitAsync(Timeout);
        Assert.Equal("served", reply.GetProperty("text").GetString());
        Assert.Equal(["Lazy before=False after=True typed=served"], _notes);
        Assert.IsType<VarlinkProtocolException>(Assert.Single(_failures));
    }

    private async Task<Socket> ConnectRawAsync()
    {
        var raw = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await raw.ConnectAsync(new UnixDomainSocketEndPoint(_socket.Path));
        return raw;
    }

    private async ValueTask HandleAsync(VarlinkCall call, CancellationToken cancellationToken)
    {
        switch (call.MethodName)
        {
            case "Typed":
                var typed = call.GetParameters(Context.TypedParameters);
                _notes.Enqueue($"Typed document={call.HasParametersDocument}");
                await call.ReplyAsync(typed, Context.TypedParameters, cancellationToken: cancellationToken);
                break;
            case "Lazy":
                _lastLazyCall = call;
                bool before = call.HasParametersDocument;
                var text = call.Parameters.GetProperty("text").GetString()!;
                bool after = call.HasParametersDocument;
                _notes.Enqueue($"Lazy before={before} after={after} typed={call.GetParameters(Context.TextParameters).Text}");
                await call.ReplyAsync(VarlinkServiceErrors.ObjectWith("text", text), cancellationToken: cancellationToken);
                break;
            case "Maybe":
                var maybe = call.GetParameters(Context.TextParameters);
                _notes.Enqueue($"Maybe typed={maybe.Text ?? "<null>"} element={call.Parameters.GetRawText()} document={call.HasParametersDocument}");
                await call.ReplyAsync(maybe, Context.TextParameters, cancellationToken: cancellationToken);
                break;
            case "Open":
                await using (var stream = await call.UpgradeAsync(cancellationToken: cancellationToken))
                {
                    // Read what the client sent after the call, so the receive buffer has moved on.
                    var junk = new byte[256 * 1024];
                    await stream.ReadExactlyAsync(junk, cancellationToken);
                    var token = call.GetParameters(Context.TokenParameters).Token;
                    var element = call.Parameters.GetProperty("token").GetString()!;
                    _notes.Enqueue("Open " + element);
                    await stream.WriteAsync(Encoding.UTF8.GetBytes($"{junk.Length} {token.Length} {element.Length}\n"), cancellationToken);
                    await stream.FlushAsync(cancellationToken);
                }

                break;
        }
    }
}
