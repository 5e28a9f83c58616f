namespace Podman.Client;

/// <summary>What a new pod is made of.</summary>
public sealed record PodCreateParameters
{
    /// <summary>The pod's name (podman picks one when null).</summary>
    public string? Name { get; init; }

    /// <summary>Labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Namespaces to share (<c>net</c>, <c>ipc</c>, <c>uts</c>); podman's default when empty.</summary>
    public IReadOnlyList<string> Share { get; init; } = [];

    /// <summary>Create an infra container.</summary>
    public bool Infra { get; init; } = true;

    /// <summary>The infra container's image.</summary>
    public string? InfraImage { get; init; }

    /// <summary>The infra container's command.</summary>
    public string? InfraCommand { get; init; }

    /// <summary>Ports to publish (<c>8080:80</c>).</summary>
    public IReadOnlyList<string> Publish { get; init; } = [];

    /// <summary>The cgroup parent.</summary>
    public string? CgroupParent { get; init; }
}
