using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Varlink;

/// <summary>Metadata for untyped (JsonElement) parameters and replies, AOT-safe.</summary>
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class VarlinkClientJson : JsonSerializerContext
{
    public static JsonTypeInfo<JsonElement> Element => Default.JsonElement;
}
