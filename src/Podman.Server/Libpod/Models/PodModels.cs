namespace Podman.Server.Libpod;

// The pod endpoints (podman 4.3.1 names); every property has a non-null default.

/// <summary>An entry of GET /libpod/pods/json.</summary>
internal sealed class LibpodPod
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>RFC3339Nano.</summary>
    public string Created { get; set; } = "";

    public string Cgroup { get; set; } = "";

    public string Status { get; set; } = "";

    public Dictionary<string, string>? Labels { get; set; }

    public string InfraId { get; set; } = "";

    public List<LibpodPodContainer> Containers { get; set; } = [];
}

/// <summary>A container of a pod list entry (<c>Names</c> is one name) or of a pod inspect (<c>Name</c>, <c>State</c>).</summary>
internal sealed class LibpodPodContainer
{
    public string Id { get; set; } = "";

    public string Names { get; set; } = "";

    public string Name { get; set; } = "";

    public string Status { get; set; } = "";

    public string State { get; set; } = "";
}

/// <summary>GET /libpod/pods/{name}/json.</summary>
internal sealed class LibpodPodInspect
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string Created { get; set; } = "";

    public string State { get; set; } = "";

    public string Hostname { get; set; } = "";

    public Dictionary<string, string>? Labels { get; set; }

    public bool CreateCgroup { get; set; }

    public string CgroupParent { get; set; } = "";

    public string CgroupPath { get; set; } = "";

    public bool CreateInfra { get; set; }

    public string InfraContainerId { get; set; } = "";

    public LibpodPodInfraConfig? InfraConfig { get; set; }

    public List<string>? SharedNamespaces { get; set; }

    public List<LibpodPodContainer> Containers { get; set; } = [];
}

/// <summary>A pod's infra settings.</summary>
internal sealed class LibpodPodInfraConfig
{
    public Dictionary<string, List<LibpodPortBinding>?>? PortBindings { get; set; }

    public bool HostNetwork { get; set; }

    public List<string>? DnsServer { get; set; }

    public List<string>? DnsSearch { get; set; }

    public List<string>? DnsOption { get; set; }

    public List<string>? HostAdd { get; set; }

    public List<string>? Networks { get; set; }
}

/// <summary>The reply of the pod verbs (start, stop, kill, pause, unpause, restart): <c>Errs</c> are texts naming a container.</summary>
internal sealed class LibpodPodActionReport
{
    public string Id { get; set; } = "";

    public List<string>? Errs { get; set; }
}
