using System.Text.Json;
using System.Text.Json.Serialization;

namespace Varlink;

/// <summary>Source-generated JSON metadata for the types the core itself reads and writes.</summary>
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class VarlinkJsonContext : JsonSerializerContext
{
}
