namespace Podman.Client;

/// <summary>A volume.</summary>
/// <param name="Name">Name.</param>
/// <param name="Driver">Driver (<c>local</c>).</param>
/// <param name="MountPoint">Where it is on the host.</param>
/// <param name="Labels">Labels.</param>
/// <param name="Options">Driver options.</param>
public sealed record VolumeInfo(string Name, string Driver, string MountPoint, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Options);
