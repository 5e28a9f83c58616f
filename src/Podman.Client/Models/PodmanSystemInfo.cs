namespace Podman.Client;

/// <summary>What <c>podman info</c> tells about the host, the store and podman.</summary>
/// <param name="Host">The machine podman runs on.</param>
/// <param name="Store">Container storage.</param>
/// <param name="PodmanVersion">podman's version.</param>
/// <param name="GoVersion">The Go podman was built with.</param>
/// <param name="SearchRegistries">Registries searched for short image names.</param>
/// <param name="InsecureRegistries">Registries reached without TLS verification.</param>
public sealed record PodmanSystemInfo(PodmanHostInfo Host, PodmanStoreInfo Store, string PodmanVersion, string GoVersion, IReadOnlyList<string> SearchRegistries, IReadOnlyList<string> InsecureRegistries);
