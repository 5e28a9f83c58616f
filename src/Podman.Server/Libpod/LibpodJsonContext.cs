using System.Text.Json.Serialization;

namespace Podman.Server.Libpod;

/// <summary>
/// Source-generated JSON metadata of the libpod models: read case-insensitively (libpod spells the same
/// key <c>Id</c> in one reply and <c>ID</c> in the next), written with nulls left out.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(LibpodErrorBody))]
[JsonSerializable(typeof(LibpodVersion))]
[JsonSerializable(typeof(LibpodInfo))]
[JsonSerializable(typeof(List<LibpodContainerListEntry>))]
[JsonSerializable(typeof(LibpodContainerInspect))]
[JsonSerializable(typeof(LibpodTop))]
[JsonSerializable(typeof(List<LibpodChange>))]
[JsonSerializable(typeof(LibpodStatsReport))]
[JsonSerializable(typeof(LibpodHealthCheck))]
[JsonSerializable(typeof(LibpodCreateResponse))]
[JsonSerializable(typeof(List<LibpodRemoveReport>))]
[JsonSerializable(typeof(LibpodIdResponse))]
[JsonSerializable(typeof(LibpodPullLine))]
[JsonSerializable(typeof(LibpodLoadReport))]
[JsonSerializable(typeof(LibpodEvent))]
[JsonSerializable(typeof(SpecGenerator))]
[JsonSerializable(typeof(PodSpecGenerator))]
[JsonSerializable(typeof(List<LibpodPodListEntry>))]
[JsonSerializable(typeof(List<LibpodImageListEntry>))]
[JsonSerializable(typeof(List<LibpodVolumeListEntry>))]
[JsonSerializable(typeof(LibpodVolume))]
[JsonSerializable(typeof(List<LibpodVolume>))]
[JsonSerializable(typeof(LibpodVolumeCreate))]
[JsonSerializable(typeof(List<LibpodPruneReport>))]
[JsonSerializable(typeof(List<LibpodImage>))]
[JsonSerializable(typeof(LibpodImageInspect))]
[JsonSerializable(typeof(List<LibpodHistory>))]
[JsonSerializable(typeof(LibpodTree))]
[JsonSerializable(typeof(LibpodImageRemoveReport))]
[JsonSerializable(typeof(List<LibpodSearchResult>))]
[JsonSerializable(typeof(LibpodRegistryAuth))]
[JsonSerializable(typeof(List<LibpodPod>))]
[JsonSerializable(typeof(LibpodPodInspect))]
[JsonSerializable(typeof(LibpodPodActionReport))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, List<string>>))]
internal sealed partial class LibpodJsonContext : JsonSerializerContext;
