using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Varlink.Benchmarks.Typed;
using Before = Varlink.Benchmarks.TypedBaseline;

namespace Varlink.Benchmarks;

/// <summary>
/// The generated code's cost: a typed proxy call of <c>org.example.typedbench.Echo</c> with 20
/// records (every kind of field) to a generated server base and back, over the in-memory transport;
/// and the generated JSON codec alone, writing and reading the same reply.
/// </summary>
/// <remarks>
/// Each benchmark runs twice in the same run: on today's generated code (<c>Typed</c>, from the
/// generator in this tree) and, as the baseline of its category, on the code the generator emitted
/// before the lean rewrite (<c>Baseline/</c>: the generator's own output at 3865eb1 for the same
/// interface, kept in the namespace <c>Varlink.Benchmarks.TypedBaseline</c>). Both compile against
/// today's Varlink.Net, so the ratio column is the generated code's difference alone.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
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

    private VarlinkServer _beforeServer = null!;
    private VarlinkConnection _beforeConnection = null!;
    private Before.TypedbenchProxy _beforeProxy = null!;
    private IReadOnlyList<Before.Item> _beforeItems = null!;
    private Before.EchoReply _beforeReply = null!;

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
        (_server, _connection) = Serve(server => new EchoService().AddTo(server));
        _proxy = new TypedbenchProxy(_connection);

        _beforeItems = _items.Select(i => new Before.Item
        {
            Id = i.Id,
            Size = i.Size,
            Ratio = i.Ratio,
            Ready = i.Ready,
            Labels = i.Labels,
            Tags = i.Tags,
            State = (Before.Item.StateType)(int)i.State,
            Parent = i.Parent,
        }).ToList();
        _beforeReply = new Before.EchoReply { Items = _beforeItems };
        var beforeBytes = JsonSerializer.SerializeToUtf8Bytes(_beforeReply, Before.TypedbenchJsonContext.EchoReply);
        if (!beforeBytes.AsSpan().SequenceEqual(_replyBytes))
        {
            throw new InvalidDataException("the baseline and today's codec write different JSON for the same reply");
        }
        (_beforeServer, _beforeConnection) = Serve(server => new BeforeEchoService().AddTo(server));
        _beforeProxy = new Before.TypedbenchProxy(_beforeConnection);
    }

    private static (VarlinkServer Server, VarlinkConnection Connection) Serve(Action<VarlinkServer> add)
    {
        var server = new VarlinkServer(new VarlinkServerOptions { Vendor = "bench", Product = "typed", Version = "1" });
        add(server);
        var (client, served) = InMemoryDuplexStream.CreatePair();
        _ = server.ServeAsync(served);
        return (server, new VarlinkConnection(client));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var connection in new[] { _connection, _beforeConnection })
        {
            connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        foreach (var server in new[] { _server, _beforeServer })
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>One typed Echo of 20 records: client writes, server reads and writes, client reads.</summary>
    [Benchmark, BenchmarkCategory("Echo")]
    public async Task<int> TypedEcho()
    {
        var items = await _proxy.EchoAsync(_items);
        return items.Count == Items ? items.Count : throw new InvalidDataException("wrong echo");
    }

    /// <summary>The same Echo on the code generated before the lean rewrite.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Echo")]
    public async Task<int> TypedEchoBefore()
    {
        var items = await _beforeProxy.EchoAsync(_beforeItems);
        return items.Count == Items ? items.Count : throw new InvalidDataException("wrong echo");
    }

    /// <summary>The generated codec writing the reply of 20 records.</summary>
    [Benchmark, BenchmarkCategory("Write")]
    public int TypedWrite()
    {
        _output.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_output);
        JsonSerializer.Serialize(writer, _reply, TypedbenchJsonContext.EchoReply);
        return _output.WrittenCount;
    }

    /// <summary>The same write on the code generated before the lean rewrite.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Write")]
    public int TypedWriteBefore()
    {
        _output.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_output);
        JsonSerializer.Serialize(writer, _beforeReply, Before.TypedbenchJsonContext.EchoReply);
        return _output.WrittenCount;
    }

    /// <summary>The generated codec reading the reply of 20 records.</summary>
    [Benchmark, BenchmarkCategory("Read")]
    public int TypedRead() => JsonSerializer.Deserialize(_replyBytes, TypedbenchJsonContext.EchoReply)!.Items.Count;

    /// <summary>The same read on the code generated before the lean rewrite.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Read")]
    public int TypedReadBefore() => JsonSerializer.Deserialize(_replyBytes, Before.TypedbenchJsonContext.EchoReply)!.Items.Count;

    private sealed class EchoService : TypedbenchServiceBase
    {
        protected override ValueTask<IReadOnlyList<Item>> EchoAsync(IReadOnlyList<Item> items, VarlinkCall call, CancellationToken cancellationToken) =>
            ValueTask.FromResult(items);
    }

    private sealed class BeforeEchoService : Before.TypedbenchServiceBase
    {
        protected override ValueTask<IReadOnlyList<Before.Item>> EchoAsync(IReadOnlyList<Before.Item> items, VarlinkCall call, CancellationToken cancellationToken) =>
            ValueTask.FromResult(items);
    }
}
