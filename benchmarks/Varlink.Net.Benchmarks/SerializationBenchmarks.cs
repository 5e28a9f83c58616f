using System.Buffers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Varlink.TestPeers;

namespace Varlink.Benchmarks;

/// <summary>
/// Typed (de)serialisation of parameters with the source-generated context, as the client and the
/// server do it: a small message and a 1 MiB one.
/// </summary>
[MemoryDiagnoser]
public class SerializationBenchmarks
{
    private static readonly BenchJsonContext Json = BenchJsonContext.Default;
    private readonly ArrayBufferWriter<byte> _output = new(2 << 20);
    private readonly PingParameters _ping = new("ping");
    private Utf8JsonWriter _writer = null!;
    private EchoMessage _echo = null!;
    private byte[] _pingBytes = null!;
    private byte[] _echoBytes = null!;

    [GlobalSetup]
    public void Setup()
    {
        _writer = new Utf8JsonWriter(_output, new JsonWriterOptions { SkipValidation = true });
        _echo = new EchoMessage(new string('a', 1 << 20));
        _pingBytes = Encoding.UTF8.GetBytes("""{"pong":"ping"}""");
        _echoBytes = JsonSerializer.SerializeToUtf8Bytes(_echo, Json.EchoMessage);
    }

    [Benchmark]
    public int SerializeSmall() => Serialize(_ping, Json.PingParameters);

    [Benchmark]
    public int DeserializeSmall() => JsonSerializer.Deserialize(_pingBytes, Json.PingReply)!.Pong.Length;

    [Benchmark]
    public int SerializeOneMiB() => Serialize(_echo, Json.EchoMessage);

    [Benchmark]
    public int DeserializeOneMiB() => JsonSerializer.Deserialize(_echoBytes, Json.EchoMessage)!.Blob.Length;

    private int Serialize<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        _output.ResetWrittenCount();
        _writer.Reset(_output);
        JsonSerializer.Serialize(_writer, value, typeInfo);
        _writer.Flush();
        return _output.WrittenCount;
    }
}
