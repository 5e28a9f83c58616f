using System.Text.Json.Serialization;

namespace Podman.Server.Service;

/// <summary>
/// The version cache file: GetVersion's reply as libpod's <c>/version</c> made it, the key of the podman build it
/// belongs to, and the layout's version (<see cref="VersionCache.Format"/>).
/// </summary>
internal sealed record VersionCacheEntry(
    int Format,
    string Key,
    string Version,
    string GoVersion,
    string GitCommit,
    string Built,
    string OsArch,
    long RemoteApiVersion);

/// <summary>
/// Source-generated JSON of <see cref="VersionCacheEntry"/>, named as GetVersion's reply fields; every field is
/// required and none may be null, so a file cut short or edited by hand reads as corrupt, not as empty values.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    WriteIndented = true)]
[JsonSerializable(typeof(VersionCacheEntry))]
internal sealed partial class VersionCacheJsonContext : JsonSerializerContext;
