namespace Podman.Client;

/// <summary>The version of the io.podman service (<c>GetVersion</c>).</summary>
/// <remarks>
/// io.podman's <c>version</c> is the version of the interface the service speaks: podman 1.x's own version when podman
/// itself serves it, <c>1.9.3</c> for the appliance's service on podman 4. The engine's version is
/// <see cref="PodmanSystemInfo.PodmanVersion"/>.
/// </remarks>
/// <param name="Version">The io.podman version served (<c>1.9.3</c>).</param>
/// <param name="GoVersion">The Go it was built with.</param>
/// <param name="GitCommit">Its commit, when known.</param>
/// <param name="Built">When it was built, when known.</param>
/// <param name="OsArch">Operating system and architecture (<c>linux/amd64</c>).</param>
/// <param name="RemoteApiVersion">io.podman's API version.</param>
public sealed record PodmanVersion(string Version, string GoVersion, string GitCommit, DateTimeOffset? Built, string OsArch, long RemoteApiVersion);
