using System.Text.Json.Serialization;

namespace Varlink.TestPeers;

[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class CertificationJsonContext : JsonSerializerContext
{
}
