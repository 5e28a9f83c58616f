using System.Text;
using System.Text.Json;

namespace Varlink.Ssh.Tests;

/// <summary>
/// A Varlink.Net server on a unix socket for the end-to-end SSH tests: echo (any size), a counted
/// <c>more</c> stream, an upgrade to a raw echo pipe, a state-changing counter, and an error.
/// </summary>
internal sealed class SshTestService : IAsyncDisposable
{
    public const string Interface = "org.example.ssh";

    public const string Description = """
        # Test service reached through SSH and the varlink bridge.
        interface org.example.ssh

        # Returns the text unchanged.
        method Echo(text: string) -> (text: string)

        # Called with more: replies i = 1..count.
        method Count(count: int) -> (i: int)

        # Called with upgrade: afterwards the connection echoes raw bytes.
        method Pipe() -> ()

        # Adds one to a counter and returns it (not idempotent).
        method Increment() -> (value: int)

        # Always fails with Refused.
        method Fail() -> ()

        error Refused (reason: string)
        """;

    private readonly VarlinkServer _server = new(new VarlinkServerOptions { Vendor = "Tests", Product = Interface });
    private int _counter;
    private int _calls;

    public SshTestService(string socketPath)
    {
        SocketPath = socketPath;
        _server.AddInterface(Description, HandleAsync);
        _server.Listen("unix:" + socketPath);
    }

    public string SocketPath { get; }

    public int Counter => Volatile.Read(ref _counter);

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>When set, the next Echo, Increment or Pipe fails in the handler, which closes its connection unanswered.</summary>
    public bool DropNextCall { get; set; }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private async ValueTask HandleAsync(VarlinkCall call, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (DropNextCall && call.MethodName is "Echo" or "Increment" or "Pipe")
        {
            DropNextCall = false;
            throw new IOException("dropping the connection on purpose");
        }

        switch (call.MethodName)
        {
            case "Echo":
                var text = call.Parameters.GetProperty("text").GetString();
                await call.ReplyAsync(Json(JsonSerializer.Serialize(new Dictionary<string, string?> { ["text"] = text }, SshTestJson.Default.DictionaryStringString)), cancellationToken: cancellationToken);
                break;
            case "Count":
                var count = call.Parameters.GetProperty("count").GetInt32();
                for (var i = 1; i <= count; i++)
                {
                    await call.ReplyAsync(Json($$"""{"i":{{i}}}"""), continues: i < count, cancellationToken);
                }

                break;
            case "Pipe":
                var stream = await call.UpgradeAsync(cancellationToken: cancellationToken);
                await using (stream)
                {
                    var buffer = new byte[64 * 1024];
                    int read;
                    while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
                    {
                        await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                        await stream.FlushAsync(cancellationToken);
                    }

                    await stream.WriteAsync(Encoding.ASCII.GetBytes("<eof>"), cancellationToken);
                }

                break;
            case "Increment":
                var value = Interlocked.Increment(ref _counter);
                await call.ReplyAsync(Json($$"""{"value":{{value}}}"""), cancellationToken: cancellationToken);
                break;
            default:
                await call.ReplyErrorAsync(Interface + ".Refused", Json("""{"reason":"always"}"""), cancellationToken);
                break;
        }
    }
}
