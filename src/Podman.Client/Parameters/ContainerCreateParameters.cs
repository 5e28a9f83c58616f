namespace Podman.Client;

/// <summary>What a new container is made of (a subset of <c>podman create</c>'s flags).</summary>
public sealed record ContainerCreateParameters
{
    /// <summary>The image (<c>docker.io/library/busybox</c>); required.</summary>
    public required string Image { get; init; }

    /// <summary>The command and its arguments (the image's when empty).</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>The container's name (podman picks one when null).</summary>
    public string? Name { get; init; }

    /// <summary>Environment variables.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Ports to publish, as <c>podman -p</c> takes them (<c>8080:80/tcp</c>).</summary>
    public IReadOnlyList<string> Publish { get; init; } = [];

    /// <summary>Volumes and binds, as <c>podman -v</c> takes them (<c>data:/data</c>).</summary>
    public IReadOnlyList<string> Volumes { get; init; } = [];

    /// <summary>Allocate a pseudo-terminal.</summary>
    public bool Tty { get; init; }

    /// <summary>Keep standard input open.</summary>
    public bool Interactive { get; init; }

    /// <summary>Remove the container when it exits.</summary>
    public bool AutoRemove { get; init; }

    /// <summary>The working directory in the container.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The user (<c>uid[:gid]</c> or a name).</summary>
    public string? User { get; init; }

    /// <summary>Overrides the image's entrypoint.</summary>
    public string? Entrypoint { get; init; }

    /// <summary>The network mode (<c>bridge</c>, <c>host</c>, <c>none</c>).</summary>
    public string? Network { get; init; }

    /// <summary>The pod to join (<c>new:name</c> creates it).</summary>
    public string? Pod { get; init; }

    /// <summary>The host name.</summary>
    public string? Hostname { get; init; }

    /// <summary>Give the container all privileges.</summary>
    public bool Privileged { get; init; }

    /// <summary>When to pull the image: <c>missing</c> (podman's default), <c>always</c>, <c>never</c>.</summary>
    public string? Pull { get; init; }

    /// <summary>How long <c>stop</c> waits before killing, when set.</summary>
    public TimeSpan? StopTimeout { get; init; }
}
