using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Varlink.Benchmarks.Typed;

namespace Varlink.Benchmarks;

/// <summary>
/// The generated code's cost: a typed proxy call of <c>org.example.typedbench.Echo</c> with 20
/// records (every kind of field) to a generated server base and back, over the in-memory transport;
/// and the generated JSON codec alone, writing and reading the same reply.
/// </summary>
[MemoryDiagnoser]
public class TypedRoundTripBenchmarks
{
    private const int Items = 20;
    private readonly ArrayBufferWriter<byte> _output = new(1 << 16);
    private VarlinkServer _server = null!;
    private VarlinkConnection _connection = null!;
    private TypedbenchProxy _proxy = null!;
    private IReadOnlyList<Item> _items = null!;
    private EchoReply _reply = null!;
    private byte[] _replyBytes = null!;

    [GlobalSetup]
    public void Setup()
    {
        _items = Enumerable.Range(0, Items).Select(i => new Item
        {
            Id = "c0ffee" + i,
            Size = 1_000_000 + i,
            Ratio = i / 3.0,
            Ready = i % 2 == 0,
            Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" + i },
            Tags = ["docker.io/library/alpine:latest", "local/alpine:" + i],
            State = (Item.StateType)(i % 3),
            Parent = i % 2 == 0 ? null : "parent" + i,
        }).ToList();
        _reply = new EchoReply { Items = _items };
        _replyBytes = JsonSerializer.SerializeToUtf8Bytes(_reply, TypedbenchJsonContext.EchoReply);
        _server = new VarlinkServer(new VarlinkServerOptions { Vendor = "bench", Product = "typed", Version = "1" });
        new EchoService().AddTo(_server);
        var (client, served) = InMemoryDuplexStream.CreatePair();
        _ = _server.ServeAsync(served);
        _connection = new VarlinkConnection(client);
        _proxy = new TypedbenchProxy(_connection);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>One typed Echo of 20 records: client writes, server reads and writes, client reads.</summary>
    [Benchmark]
    public async Task<int> TypedEcho()
    {
        var items = await _proxy.EchoAsync(_items);
        return items.Count == Items ? items.Count : throw new InvalidDataException("wrong echo");
    }

    /// <summary>The generated codec writing the reply of 20 records.</summary>
    [Benchmark]
    public int TypedWrite()
    {
        _output.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_output);
        JsonSerializer.Serialize(writer, _reply, TypedbenchJsonContext.EchoReply);
        return _output.WrittenCount;
    }

    /// <summary>The generated codec reading the reply of 20 records.</summary>
    [Benchmark]
    public int TypedRead() => JsonSerializer.Deserialize(_replyBytes, TypedbenchJsonContext.EchoReply)!.Items.Count;

    private sealed class EchoService : TypedbenchServiceBase
    {
        protected override ValueTask<IReadOnlyList<Item>> EchoAsync(IReadOnlyList<Item> items, VarlinkCall call, CancellationToken cancellationToken) =>
            ValueTask.FromResult(items);
    }
}
