using BenchmarkDotNet.Attributes;
using Varlink.TestPeers;

namespace Varlink.Benchmarks;

/// <summary>
/// A 10 000-reply stream (one Stream call with "more", 16 bytes per reply), client and server in one
/// process; the figure and the allocation (client and server together) are per reply.
/// </summary>
[MemoryDiagnoser]
public class StreamBenchmarks
{
    private const int Replies = 10_000;
    private static readonly BenchJsonContext Json = BenchJsonContext.Default;
    private static readonly StreamParameters StreamCall = new(Replies, 16);
    private LoopbackPair _pair = null!;

    [Params("unix", "memory")]
    public string Transport { get; set; } = "unix";

    [GlobalSetup]
    public void Setup() => _pair = LoopbackPair.StartAsync(Transport).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _pair.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Replies)]
    public async Task<long> StreamTenThousandReplies()
    {
        long n = 0;
        await foreach (var reply in _pair.Client.CallMoreAsync("org.example.bench.Stream", StreamCall, Json.StreamParameters, Json.StreamReply))
        {
            n += reply.Data.Length;
        }

        return n == 16L * Replies ? n : throw new InvalidDataException($"the stream carried {n} bytes");
    }
}
