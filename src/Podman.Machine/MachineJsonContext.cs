using System.Text.Json.Serialization;

namespace Podman.Machine;

/// <summary>Source-generated JSON for the machine files (trim- and AOT-safe).</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MachineConfig))]
[JsonSerializable(typeof(MachineRuntimeState))]
[JsonSerializable(typeof(MachineSnapshot))]
internal sealed partial class MachineJsonContext : JsonSerializerContext
{
}
