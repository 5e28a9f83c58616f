using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace Varlink.Tests.Support;

/// <summary>org.example.test: a small interface exercising every server path.</summary>
internal sealed class TestService
{
    public const string Description = """
        # A test interface.
        interface org.example.test

        type Item (name: string, size: int)

        # Greets.
        method Hello(name: string) -> (greeting: string)

        # Streams n replies when called with more.
        method Count(n: int) -> (i: int)

        method Fail(kind: string) -> ()

        method NotDone() -> ()

        method Notify(text: string) -> ()

        method Slow(ms: int) -> (done: bool)

        # Announces itself on Parked, then waits until the test lets one parked call go.
        method Park() -> (done: bool)

        method Echo(item: Item, tags: ?[]string) -> (item: Item, tags: ?[]string)

        method Talk() -> (protocol: string)

        method Watch() -> (event: string)

        # With more: one reply, then waits for the test to open Gate, then the last reply.
        method Hold() -> (i: int)

        method Secret() -> ()

        method ContinuesWithoutMore() -> ()

        # With more: one reply, then waits until its client has gone (an idle event stream).
        method Idle() -> (i: int)

        error Broken (reason: string)
        """;

    public ConcurrentQueue<string> Notes { get; } = new();

    /// <summary>How many Idle handlers are running.</summary>
    public int IdleHandlers => Volatile.Read(ref _idleHandlers);

    /// <summary>When each Idle handler ended (<see cref="System.Diagnostics.Stopwatch"/> timestamps), in order.</summary>
    public ConcurrentQueue<long> IdleEndTimes { get; } = new();

    /// <summary>Released once each time an Idle handler ends.</summary>
    public SemaphoreSlim IdleEnded { get; } = new(0);

    private int _idleHandlers;

    /// <summary>What Hold waits for between its two replies.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Released once by every Park call when its handler is running.</summary>
    public SemaphoreSlim Parked { get; } = new(0);

    /// <summary>Each release lets one parked call reply.</summary>
    public SemaphoreSlim Unpark { get; } = new(0);

    public static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public VarlinkServer CreateServer(Action<Exception>? failures = null, bool threadPerConnection = true)
    {
        var server = new VarlinkServer(new VarlinkServerOptions { Vendor = "Tests", Product = "org.example.test", Version = "7", Url = "https://example.org", ConnectionFailed = failures, ThreadPerConnection = threadPerConnection });
        server.AddInterface(Description, HandleAsync);
        return server;
    }

    public async ValueTask HandleAsync(VarlinkCall call, CancellationToken cancellationToken)
    {
        var p = call.Parameters;
        switch (call.MethodName)
        {
            case "Hello":
                var hello = call.GetParameters(VarlinkTestJsonContext.Default.NameParameters);
                await call.ReplyAsync(new GreetingReply("Hello " + hello.Name), VarlinkTestJsonContext.Default.GreetingReply, cancellationToken: cancellationToken);
                break;
            case "Count":
                long n = p.GetProperty("n").GetInt64();
                for (long i = 1; i <= n; i++)
                {
                    await call.ReplyAsync(Json($$"""{"i":{{i}}}"""), continues: call.WantsMore && i < n, cancellationToken);
                    if (!call.WantsMore)
                    {
                        break;
                    }
                }

                break;
            case "Fail":
                switch (p.GetProperty("kind").GetString())
                {
                    case "declared":
                        throw new VarlinkRemoteException("org.example.test.Broken", Json("""{"reason":"on purpose"}"""));
                    case "undeclared":
                        throw new VarlinkRemoteException("org.example.test.NotInTheIdl");
                    case "crash":
                        throw new InvalidOperationException("handler bug");
                    case "expected-more":
                        throw VarlinkServiceErrors.CreateExpectedMore();
                    default:
                        throw VarlinkServiceErrors.CreateInvalidParameter("kind");
                }

            case "NotDone":
                break;
            case "Notify":
                Notes.Enqueue(p.GetProperty("text").GetString()!);
                await call.ReplyAsync(cancellationToken: cancellationToken);
                break;
            case "Slow":
                await Task.Delay((int)p.GetProperty("ms").GetInt64(), cancellationToken);
                await call.ReplyAsync(Json("""{"done":true}"""), cancellationToken: cancellationToken);
                break;
            case "Park":
                Parked.Release();
                await Unpark.WaitAsync(cancellationToken);
                await call.ReplyAsync(Json("""{"done":true}"""), cancellationToken: cancellationToken);
                break;
            case "Echo":
                await call.ReplyAsync(p.Clone(), cancellationToken: cancellationToken);
                break;
            case "Talk":
                if (!call.WantsUpgrade)
                {
                    throw VarlinkServiceErrors.CreateExpectedUpgrade();
                }

                await using (var stream = await call.UpgradeAsync(Json("""{"protocol":"shout"}"""), cancellationToken))
                {
                    // Bytes right after the confirming reply must reach the client's stream intact.
                    await stream.WriteAsync(Encoding.UTF8.GetBytes("READY\n"), cancellationToken);
                    var buffer = new byte[256];
                    int read;
                    while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
                    {
                        await stream.WriteAsync(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(buffer, 0, read).ToUpperInvariant()), cancellationToken);
                    }
                }

                break;
            case "Watch":
                if (!call.WantsMore)
                {
                    throw VarlinkServiceErrors.CreateExpectedMore();
                }

                for (int i = 0; !cancellationToken.IsCancellationRequested; i++)
                {
                    await call.ReplyAsync(Json($$"""{"event":"e{{i}}"}"""), continues: true, cancellationToken);
                    await Task.Delay(5, cancellationToken);
                }

                break;
            case "Hold":
                await call.ReplyAsync(Json("""{"i":1}"""), continues: true, cancellationToken);
                await Gate.Task.WaitAsync(cancellationToken);
                await call.ReplyAsync(Json("""{"i":2}"""), cancellationToken: cancellationToken);
                break;
            case "Secret":
                throw VarlinkServiceErrors.CreatePermissionDenied();
            case "Idle":
                Interlocked.Increment(ref _idleHandlers);
                try
                {
                    await call.ReplyAsync(Json("""{"i":1}"""), continues: true, cancellationToken);
                    await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
                }
                finally
                {
                    IdleEndTimes.Enqueue(System.Diagnostics.Stopwatch.GetTimestamp());
                    Interlocked.Decrement(ref _idleHandlers);
                    IdleEnded.Release();
                }

                break;
            case "ContinuesWithoutMore":
                await call.ReplyAsync(continues: true, cancellationToken: cancellationToken);
                break;
        }
    }
}
