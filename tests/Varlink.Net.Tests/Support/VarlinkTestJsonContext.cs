using System.Text.Json.Serialization;

namespace Varlink.Tests;

public sealed record FloatReply([property: JsonPropertyName("float")] double Float);

public sealed record NameParameters([property: JsonPropertyName("name")] string Name);

public sealed record GreetingReply([property: JsonPropertyName("greeting")] string Greeting);

[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(FloatReply))]
[JsonSerializable(typeof(NameParameters))]
[JsonSerializable(typeof(GreetingReply))]
internal sealed partial class VarlinkTestJsonContext : JsonSerializerContext
{
}
