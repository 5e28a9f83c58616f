using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace Varlink.Benchmarks;

/// <summary>Envelope reading and writing: the call and reply objects around the parameters.</summary>
[MemoryDiagnoser]
public class EnvelopeBenchmarks
{
    private static readonly ProtocolLimits Limits = ProtocolLimits.Default;
    private readonly ReadOnlySequence<byte> _pingCall = new(Frames.PingCall);
    private readonly ReadOnlySequence<byte> _pingReply = new(Frames.PingReply);
    private readonly ReadOnlySequence<byte> _streamReply = new(Frames.StreamReply);
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private Utf8JsonWriter _writer = null!;
    private JsonElement _pingParameters;

    [GlobalSetup]
    public void Setup()
    {
        _writer = new Utf8JsonWriter(_output, new JsonWriterOptions { SkipValidation = true });
        _pingParameters = JsonDocument.Parse("""{"ping":"ping"}""").RootElement.Clone();
    }

    [Benchmark]
    public long ReadCall() => EnvelopeReader.ReadCall(_pingCall, Limits).Parameters.Length;

    [Benchmark]
    public long ReadReply() => EnvelopeReader.ReadReply(_pingReply, Limits).Parameters.Length;

    [Benchmark]
    public bool ReadContinuedReply() => EnvelopeReader.ReadReply(_streamReply, Limits).Continues;

    [Benchmark]
    public int WriteCall()
    {
        _output.ResetWrittenCount();
        _writer.Reset(_output);
        EnvelopeWriter.WriteCall(_writer, "org.example.bench.Ping", CallFlags.None, _pingParameters, VarlinkJsonContext.Default.JsonElement);
        _writer.Flush();
        return _output.WrittenCount;
    }

    [Benchmark]
    public int WriteContinuedReply()
    {
        _output.ResetWrittenCount();
        _writer.Reset(_output);
        EnvelopeWriter.WriteReply(_writer, _pingParameters, VarlinkJsonContext.Default.JsonElement, continues: true);
        _writer.Flush();
        return _output.WrittenCount;
    }
}
