using System.Text.Json.Serialization;

namespace Varlink.Tests;

public sealed record FloatReply([property: JsonPropertyName("float")] double Float);

public sealed record NameParameters([property: JsonPropertyName("name")] string Name);

public sealed record GreetingReply([property: JsonPropertyName("greeting")] string Greeting);

public sealed record SizedItem([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("size")] int Size);

public sealed record TypedParameters(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("item")] SizedItem? Item);

public sealed record TextParameters([property: JsonPropertyName("text")] string? Text);

public sealed record TokenParameters([property: JsonPropertyName("token")] string Token);

[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(TypedParameters))]
[JsonSerializable(typeof(TokenParameters))]
[JsonSerializable(typeof(TextParameters))]
[JsonSerializable(typeof(FloatReply))]
[JsonSerializable(typeof(NameParameters))]
[JsonSerializable(typeof(GreetingReply))]
internal sealed partial class VarlinkTestJsonContext : JsonSerializerContext
{
}
