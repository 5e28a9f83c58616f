using System.Text.Json.Serialization;

namespace Varlink.Ssh.Tests;

[JsonSerializable(typeof(Dictionary<string, string?>))]
internal sealed partial class SshTestJson : JsonSerializerContext;
