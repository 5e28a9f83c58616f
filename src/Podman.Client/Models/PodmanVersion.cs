namespace Podman.Client;

/// <summary>The version of the podman behind io.podman.</summary>
/// <param name="Version">podman's version (<c>4.3.1</c>).</param>
/// <param name="GoVersion">The Go it was built with.</param>
/// <param name="GitCommit">Its commit, when known.</param>
/// <param name="Built">When it was built, when known.</param>
/// <param name="OsArch">Operating system and architecture (<c>linux/amd64</c>).</param>
/// <param name="RemoteApiVersion">io.podman's API version.</param>
public sealed record PodmanVersion(string Version, string GoVersion, string GitCommit, DateTimeOffset? Built, string OsArch, long RemoteApiVersion);
