using BenchmarkDotNet.Attributes;
using Varlink.TestPeers;

namespace Varlink.Benchmarks;

/// <summary>A 1 MiB Echo round trip (typed both ways), client and server in one process, over both transports.</summary>
[MemoryDiagnoser]
public class EchoBenchmarks
{
    private static readonly BenchJsonContext Json = BenchJsonContext.Default;
    private LoopbackPair _pair = null!;
    private EchoMessage _blob = null!;

    [Params("unix", "memory")]
    public string Transport { get; set; } = "unix";

    [GlobalSetup]
    public void Setup()
    {
        _pair = LoopbackPair.StartAsync(Transport).GetAwaiter().GetResult();
        _blob = new EchoMessage(new string('a', 1 << 20));
    }

    [GlobalCleanup]
    public void Cleanup() => _pair.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public async Task<int> EchoOneMiB()
    {
        var reply = await _pair.Client.CallAsync("org.example.bench.Echo", _blob, Json.EchoMessage, Json.EchoMessage);
        return reply.Blob.Length == _blob.Blob.Length ? reply.Blob.Length : throw new InvalidDataException("wrong echo");
    }
}
