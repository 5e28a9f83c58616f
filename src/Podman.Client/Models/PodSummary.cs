namespace Podman.Client;

/// <summary>A pod, as listed.</summary>
/// <param name="Id">Id.</param>
/// <param name="Name">Name.</param>
/// <param name="Created">When it was created.</param>
/// <param name="Status">podman's status (<c>Running</c>, <c>Exited</c>, …).</param>
/// <param name="CgroupParent">Its cgroup parent.</param>
/// <param name="Labels">Labels.</param>
/// <param name="Containers">Its containers.</param>
public sealed record PodSummary(string Id, string Name, DateTimeOffset? Created, string Status, string CgroupParent, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<PodContainerInfo> Containers);
