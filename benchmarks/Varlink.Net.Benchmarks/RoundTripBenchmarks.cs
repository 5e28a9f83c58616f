using BenchmarkDotNet.Attributes;
using Varlink.TestPeers;

namespace Varlink.Benchmarks;

/// <summary>
/// Client → server → client in one process: one Ping at a time and pipelined Pings, over a unix
/// socket and over the in-memory transport. "Allocated" counts every thread, so
/// it is the client's and the server's allocation per call together.
/// </summary>
[MemoryDiagnoser]
public class RoundTripBenchmarks
{
    private const string Ping = "org.example.bench.Ping";
    private const int CallsPerInvoke = 100;
    private static readonly BenchJsonContext Json = BenchJsonContext.Default;
    private static readonly PingParameters PingCall = new("ping");
    private LoopbackPair _pair = null!;
    private Task<PingReply>[] _inFlight = null!;

    [Params("unix", "memory")]
    public string Transport { get; set; } = "unix";

    [Params(1, 10, 100)]
    public int Depth { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        _pair = LoopbackPair.StartAsync(Transport).GetAwaiter().GetResult();
        _inFlight = new Task<PingReply>[Depth];
    }

    [GlobalCleanup]
    public void Cleanup() => _pair.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// 100 Pings per invocation, <see cref="Depth"/> in flight at a time (all written before any
    /// reply is awaited); the figure is per call. Depth 1 is the sequential round trip.
    /// </summary>
    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    public async Task PipelinedPing()
    {
        var client = _pair.Client;
        for (var done = 0; done < CallsPerInvoke; done += Depth)
        {
            for (var i = 0; i < _inFlight.Length; i++)
            {
                _inFlight[i] = client.CallAsync(Ping, PingCall, Json.PingParameters, Json.PingReply);
            }

            foreach (var call in _inFlight)
            {
                if ((await call).Pong != "ping")
                {
                    throw new InvalidDataException("wrong pong");
                }
            }
        }
    }
}
