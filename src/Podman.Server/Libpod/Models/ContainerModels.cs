using System.Text.Json;

namespace Podman.Server.Libpod;

// The fields of libpod 4.3.1's container endpoints that io.podman needs. Read case-insensitively
// (libpod mixes Id/ID); scalars default to zero values, lists to empty, so nothing null reaches a reply.

/// <summary>An entry of GET /libpod/containers/json.</summary>
internal sealed class LibpodContainerListEntry
{
    public bool AutoRemove { get; set; }

    public List<string>? Command { get; set; }

    /// <summary>RFC 3339 with nanoseconds.</summary>
    public string Created { get; set; } = "";

    public bool Exited { get; set; }

    /// <summary>Unix seconds; <c>-62135596800</c> is Go's zero time.</summary>
    public long ExitedAt { get; set; }

    public int ExitCode { get; set; }

    public string Id { get; set; } = "";

    public string Image { get; set; } = "";

    public string ImageId { get; set; } = "";

    public bool IsInfra { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    /// <summary>Mount destinations.</summary>
    public List<string>? Mounts { get; set; }

    public List<string>? Names { get; set; }

    public LibpodNamespaces Namespaces { get; set; } = new();

    public long Pid { get; set; }

    public string Pod { get; set; } = "";

    public string PodName { get; set; } = "";

    public List<LibpodPortMapping>? Ports { get; set; }

    public LibpodContainerSize? Size { get; set; }

    /// <summary>Unix seconds; <c>-62135596800</c> is Go's zero time.</summary>
    public long StartedAt { get; set; }

    /// <summary>podman 4 state name (<c>created</c>, <c>initialized</c>, <c>running</c>, <c>stopping</c>, …).</summary>
    public string State { get; set; } = "";
}

internal sealed class LibpodNamespaces
{
    public string Cgroup { get; set; } = "";

    public string Ipc { get; set; } = "";

    public string Mnt { get; set; } = "";

    public string Net { get; set; } = "";

    public string Pidns { get; set; } = "";

    public string Uts { get; set; } = "";

    public string User { get; set; } = "";
}

/// <summary>A port of a list entry: <c>{host_ip, container_port, host_port, range, protocol}</c>.</summary>
internal sealed class LibpodPortMapping
{
    [System.Text.Json.Serialization.JsonPropertyName("host_ip")]
    public string HostIp { get; set; } = "";

    [System.Text.Json.Serialization.JsonPropertyName("container_port")]
    public int ContainerPort { get; set; }

    [System.Text.Json.Serialization.JsonPropertyName("host_port")]
    public int HostPort { get; set; }

    public int Range { get; set; }

    public string Protocol { get; set; } = "";
}

internal sealed class LibpodContainerSize
{
    public long RootFsSize { get; set; }

    public long RwSize { get; set; }
}

/// <summary>GET /libpod/containers/{name}/json (the fields the service reads; the JSON itself is reshaped for inspect).</summary>
internal sealed class LibpodContainerInspect
{
    public string Id { get; set; } = "";

    public string Created { get; set; } = "";

    public string Path { get; set; } = "";

    public List<string>? Args { get; set; }

    public LibpodContainerState State { get; set; } = new();

    public string Image { get; set; } = "";

    public string ImageName { get; set; } = "";

    public string Pod { get; set; } = "";

    public string StaticDir { get; set; } = "";

    public string OciConfigPath { get; set; } = "";

    public string PidFile { get; set; } = "";

    public string Name { get; set; } = "";

    public long RestartCount { get; set; }

    public bool IsInfra { get; set; }

    public LibpodGraphDriver GraphDriver { get; set; } = new();

    public List<LibpodInspectMount>? Mounts { get; set; }

    public LibpodInspectConfig Config { get; set; } = new();

    public LibpodInspectHostConfig HostConfig { get; set; } = new();
}

internal sealed class LibpodContainerState
{
    /// <summary>podman 4 state name.</summary>
    public string Status { get; set; } = "";

    public bool Running { get; set; }

    public bool Paused { get; set; }

    [System.Text.Json.Serialization.JsonPropertyName("OOMKilled")]
    public bool OomKilled { get; set; }

    public long Pid { get; set; }

    public long ConmonPid { get; set; }

    public int ExitCode { get; set; }

    public string Error { get; set; } = "";

    public string StartedAt { get; set; } = "";

    public string FinishedAt { get; set; } = "";
}

internal sealed class LibpodGraphDriver
{
    public string Name { get; set; } = "";

    public Dictionary<string, string>? Data { get; set; }
}

internal sealed class LibpodInspectMount
{
    public string Type { get; set; } = "";

    public string Name { get; set; } = "";

    public string Source { get; set; } = "";

    public string Destination { get; set; } = "";

    public List<string>? Options { get; set; }

    [System.Text.Json.Serialization.JsonPropertyName("RW")]
    public bool ReadWrite { get; set; }
}

internal sealed class LibpodInspectConfig
{
    public string Hostname { get; set; } = "";

    public string User { get; set; } = "";

    public List<string>? Env { get; set; }

    public List<string>? Cmd { get; set; }

    /// <summary>A string in 4.3 (a list in later releases): kept raw.</summary>
    public JsonElement Entrypoint { get; set; }

    public bool Tty { get; set; }

    public bool OpenStdin { get; set; }

    public string WorkingDir { get; set; } = "";

    public Dictionary<string, string>? Labels { get; set; }

    /// <summary>A number in 4.3 (a name in some releases): kept raw.</summary>
    public JsonElement StopSignal { get; set; }

    public long StopTimeout { get; set; }
}

internal sealed class LibpodInspectHostConfig
{
    public LibpodLogConfig LogConfig { get; set; } = new();

    public Dictionary<string, List<LibpodPortBinding>?>? PortBindings { get; set; }

    public string CgroupParent { get; set; } = "";

    public long ShmSize { get; set; }

    public bool Privileged { get; set; }

    public bool AutoRemove { get; set; }
}

internal sealed class LibpodLogConfig
{
    public string Type { get; set; } = "";

    public string Path { get; set; } = "";

    public string Tag { get; set; } = "";
}

internal sealed class LibpodPortBinding
{
    public string HostIp { get; set; } = "";

    public string HostPort { get; set; } = "";
}

/// <summary>GET /libpod/containers/{name}/top.</summary>
internal sealed class LibpodTop
{
    public List<string>? Titles { get; set; }

    public List<List<string>>? Processes { get; set; }
}

/// <summary>An entry of GET /libpod/containers/{name}/changes: Kind 0 modified, 1 added, 2 deleted.</summary>
internal sealed class LibpodChange
{
    public string Path { get; set; } = "";

    public int Kind { get; set; }
}

/// <summary>GET /libpod/containers/stats?stream=false.</summary>
internal sealed class LibpodStatsReport
{
    public JsonElement Error { get; set; }

    public List<LibpodContainerStats>? Stats { get; set; }
}

internal sealed class LibpodContainerStats
{
    [System.Text.Json.Serialization.JsonPropertyName("ContainerID")]
    public string ContainerId { get; set; } = "";

    public string Name { get; set; } = "";

    [System.Text.Json.Serialization.JsonPropertyName("CPU")]
    public double Cpu { get; set; }

    [System.Text.Json.Serialization.JsonPropertyName("CPUNano")]
    public long CpuNano { get; set; }

    public long SystemNano { get; set; }

    public long MemUsage { get; set; }

    public long MemLimit { get; set; }

    public double MemPerc { get; set; }

    public long NetInput { get; set; }

    public long NetOutput { get; set; }

    public long BlockInput { get; set; }

    public long BlockOutput { get; set; }

    [System.Text.Json.Serialization.JsonPropertyName("PIDs")]
    public long Pids { get; set; }
}

/// <summary>GET /libpod/containers/{name}/healthcheck.</summary>
internal sealed class LibpodHealthCheck
{
    public string Status { get; set; } = "";

    public long FailingStreak { get; set; }
}

/// <summary>POST /libpod/containers/create → 201.</summary>
internal sealed class LibpodCreateResponse
{
    public string Id { get; set; } = "";

    public List<string>? Warnings { get; set; }
}

/// <summary>An entry of DELETE /libpod/containers/{name} and of the prune replies.</summary>
internal sealed class LibpodRemoveReport
{
    public string Id { get; set; } = "";

    public string RawInput { get; set; } = "";

    public JsonElement Err { get; set; }
}

/// <summary>POST /libpod/pods/create → 201.</summary>
internal sealed class LibpodIdResponse
{
    public string Id { get; set; } = "";
}

/// <summary>The reply of POST /libpod/images/load.</summary>
internal sealed class LibpodLoadReport
{
    public List<string>? Names { get; set; }
}

/// <summary>An NDJSON line of POST /libpod/images/pull, push and build (<c>stream</c>, <c>error</c>; pull's last line has <c>id</c>).</summary>
internal sealed class LibpodPullLine
{
    public string Stream { get; set; } = "";

    public string Error { get; set; } = "";

    public string Id { get; set; } = "";
}
