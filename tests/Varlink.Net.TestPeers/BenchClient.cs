using System.Diagnostics;
using System.Globalization;

namespace Varlink.TestPeers;

/// <summary>
/// The org.example.bench client runner on Varlink.Net, measuring what the Go bench-client measures
/// and printing the same "RESULT name value" lines. It calls through <see cref="IVarlinkCaller"/>: a
/// bare <see cref="VarlinkConnection"/>, or (with <c>UseVarlinkClient</c>) the <see cref="VarlinkClient"/>
/// people use, with its retries, telemetry and a connection of its own for each stream.
/// </summary>
public static class BenchClient
{
    public sealed record Settings(string Address, double DurationSeconds = 2, int Depth = 100, long StreamCount = 10000, long StreamSize = 16, int EchoSize = 1 << 20, bool SynchronousContinuations = false, bool UseVarlinkClient = false);

    public static async Task<IReadOnlyDictionary<string, double>> RunAsync(Settings settings, IEnumerable<string> tests, TextWriter output, CancellationToken cancellationToken = default)
    {
        var results = new Dictionary<string, double>();
        foreach (var test in tests)
        {
            var connection = await OpenAsync(settings, cancellationToken);
            await using var closing = (IAsyncDisposable)connection;
            (string name, double value) = test switch
            {
                "seq" => ("seq_calls_per_s", await SequentialAsync(connection, settings, cancellationToken)),
                "pipe" => ("pipelined_calls_per_s", await PipelinedAsync(connection, settings, cancellationToken)),
                "stream" => ("stream_replies_per_s", await StreamAsync(connection, settings, cancellationToken)),
                "echo" => ("echo_mib_per_s", await EchoAsync(connection, settings, cancellationToken)),
                _ => throw new ArgumentException($"Unknown test {test}."),
            };
            results[name] = value;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {name} {value:F1}"));
        }

        return results;
    }

    private static async Task<IVarlinkCaller> OpenAsync(Settings settings, CancellationToken cancellationToken)
    {
        if (settings.UseVarlinkClient)
        {
            // What an application gets from AddVarlinkClient: one shared connection, opened on the first call.
            return new VarlinkClient(VarlinkAddress.CreateTransport(settings.Address), new VarlinkClientOptions { Address = settings.Address }, ownsTransport: true);
        }

        var options = new VarlinkConnectionOptions { AllowSynchronousContinuations = settings.SynchronousContinuations };
        return await VarlinkConnection.ConnectAsync(settings.Address, options, cancellationToken);
    }

    private static Task<PingReply> PingAsync(IVarlinkCaller connection, string ping, CancellationToken cancellationToken)
        => connection.CallAsync(BenchServer.Interface + ".Ping", new PingParameters(ping), BenchJsonContext.Default.PingParameters, BenchJsonContext.Default.PingReply, cancellationToken);

    private static async Task<double> SequentialAsync(IVarlinkCaller connection, Settings settings, CancellationToken cancellationToken)
    {
        for (int i = 0; i < 100; i++)
        {
            await PingAsync(connection, "warm", cancellationToken);
        }

        long n = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < settings.DurationSeconds)
        {
            var reply = await PingAsync(connection, "ping", cancellationToken);
            if (reply.Pong != "ping")
            {
                throw new InvalidOperationException($"Ping answered {reply.Pong}.");
            }

            n++;
        }

        return n / watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> PipelinedAsync(IVarlinkCaller connection, Settings settings, CancellationToken cancellationToken)
    {
        long n = 0;
        var calls = new Task<PingReply>[settings.Depth];
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < settings.DurationSeconds)
        {
            for (int i = 0; i < calls.Length; i++)
            {
                calls[i] = PingAsync(connection, "ping", cancellationToken);
            }

            foreach (var call in calls)
            {
                if ((await call).Pong != "ping")
                {
                    throw new InvalidOperationException("Ping answered wrong.");
                }
            }

            n += calls.Length;
        }

        return n / watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> StreamAsync(IVarlinkCaller connection, Settings settings, CancellationToken cancellationToken)
    {
        long n = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < settings.DurationSeconds)
        {
            long got = 0;
            await foreach (var reply in connection.CallMoreAsync(BenchServer.Interface + ".Stream", new StreamParameters(settings.StreamCount, settings.StreamSize), BenchJsonContext.Default.StreamParameters, BenchJsonContext.Default.StreamReply, cancellationToken))
            {
                if (reply.Data.Length != settings.StreamSize)
                {
                    throw new InvalidOperationException($"Stream reply of {reply.Data.Length} bytes.");
                }

                got++;
            }

            if (got != settings.StreamCount)
            {
                throw new InvalidOperationException($"Stream gave {got} replies, not {settings.StreamCount}.");
            }

            n += got;
        }

        return n / watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> EchoAsync(IVarlinkCaller connection, Settings settings, CancellationToken cancellationToken)
    {
        var payload = new EchoMessage(new string('a', settings.EchoSize));
        long n = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < settings.DurationSeconds || n < 2)
        {
            var reply = await connection.CallAsync(BenchServer.Interface + ".Echo", payload, BenchJsonContext.Default.EchoMessage, BenchJsonContext.Default.EchoMessage, cancellationToken);
            if (reply.Blob != payload.Blob)
            {
                throw new InvalidOperationException("Echo answered a different blob.");
            }

            n++;
        }

        return n * (double)settings.EchoSize / (1024 * 1024) / watch.Elapsed.TotalSeconds;
    }
}
