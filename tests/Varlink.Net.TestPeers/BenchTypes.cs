using System.Text.Json.Serialization;

namespace Varlink.TestPeers;

public sealed record PingParameters([property: JsonPropertyName("ping")] string Ping);

public sealed record PingReply([property: JsonPropertyName("pong")] string Pong);

public sealed record StreamParameters([property: JsonPropertyName("count")] long Count, [property: JsonPropertyName("size")] long Size);

public sealed record StreamReply([property: JsonPropertyName("data")] string Data);

public sealed record EchoMessage([property: JsonPropertyName("blob")] string Blob);

[JsonSerializable(typeof(PingParameters))]
[JsonSerializable(typeof(PingReply))]
[JsonSerializable(typeof(StreamParameters))]
[JsonSerializable(typeof(StreamReply))]
[JsonSerializable(typeof(EchoMessage))]
public sealed partial class BenchJsonContext : JsonSerializerContext
{
}
