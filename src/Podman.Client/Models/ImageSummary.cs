namespace Podman.Client;

/// <summary>An image, as listed.</summary>
/// <param name="Id">Id.</param>
/// <param name="RepoTags">Its names (<c>docker.io/library/busybox:latest</c>).</param>
/// <param name="RepoDigests">Its names by digest.</param>
/// <param name="Digest">Its manifest digest.</param>
/// <param name="ParentId">Parent image id (empty: none).</param>
/// <param name="Created">When it was built.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="VirtualSize">Size with shared layers, in bytes.</param>
/// <param name="Containers">Containers using it.</param>
/// <param name="Labels">Labels.</param>
/// <param name="IsReadOnly">Whether it is in a read-only store.</param>
public sealed record ImageSummary(
    string Id, IReadOnlyList<string> RepoTags, IReadOnlyList<string> RepoDigests, string Digest, string ParentId, DateTimeOffset? Created,
    long Size, long VirtualSize, int Containers, IReadOnlyDictionary<string, string> Labels, bool IsReadOnly);
