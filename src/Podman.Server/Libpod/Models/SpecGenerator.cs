using System.Text.Json.Serialization;

namespace Podman.Server.Libpod;

// The body of POST /libpod/containers/create (libpod 4.3.1 pkg/specgen), only the fields io.podman's
// Create maps onto. Written with nulls omitted: an unset field keeps podman's own default.

/// <summary>A container to create (podman 4.3's SpecGenerator).</summary>
internal sealed class SpecGenerator
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("image")] public string? Image { get; set; }
    [JsonPropertyName("rootfs")] public string? Rootfs { get; set; }
    [JsonPropertyName("command")] public List<string>? Command { get; set; }
    [JsonPropertyName("entrypoint")] public List<string>? Entrypoint { get; set; }
    [JsonPropertyName("env")] public Dictionary<string, string>? Env { get; set; }
    [JsonPropertyName("labels")] public Dictionary<string, string>? Labels { get; set; }
    [JsonPropertyName("annotations")] public Dictionary<string, string>? Annotations { get; set; }
    [JsonPropertyName("portmappings")] public List<SpecPortMapping>? PortMappings { get; set; }
    [JsonPropertyName("publish_image_ports")] public bool? PublishImagePorts { get; set; }
    [JsonPropertyName("expose")] public Dictionary<string, string>? Expose { get; set; }
    [JsonPropertyName("mounts")] public List<SpecMount>? Mounts { get; set; }
    [JsonPropertyName("volumes")] public List<SpecNamedVolume>? Volumes { get; set; }
    [JsonPropertyName("volumes_from")] public List<string>? VolumesFrom { get; set; }
    [JsonPropertyName("image_volume_mode")] public string? ImageVolumeMode { get; set; }
    [JsonPropertyName("read_only_filesystem")] public bool? ReadOnlyFilesystem { get; set; }
    [JsonPropertyName("work_dir")] public string? WorkDir { get; set; }
    [JsonPropertyName("user")] public string? User { get; set; }
    [JsonPropertyName("groups")] public List<string>? Groups { get; set; }
    [JsonPropertyName("terminal")] public bool? Terminal { get; set; }
    [JsonPropertyName("stdin")] public bool? Stdin { get; set; }
    [JsonPropertyName("remove")] public bool? Remove { get; set; }
    [JsonPropertyName("restart_policy")] public string? RestartPolicy { get; set; }
    [JsonPropertyName("restart_tries")] public ulong? RestartTries { get; set; }
    [JsonPropertyName("hostname")] public string? Hostname { get; set; }
    [JsonPropertyName("netns")] public SpecNamespace? NetNs { get; set; }
    [JsonPropertyName("Networks")] public Dictionary<string, SpecNetwork>? Networks { get; set; }
    [JsonPropertyName("dns_server")] public List<string>? DnsServer { get; set; }
    [JsonPropertyName("dns_search")] public List<string>? DnsSearch { get; set; }
    [JsonPropertyName("dns_option")] public List<string>? DnsOption { get; set; }
    [JsonPropertyName("hostadd")] public List<string>? HostAdd { get; set; }
    [JsonPropertyName("use_image_hosts")] public bool? UseImageHosts { get; set; }
    [JsonPropertyName("pod")] public string? Pod { get; set; }
    [JsonPropertyName("ipcns")] public SpecNamespace? IpcNs { get; set; }
    [JsonPropertyName("pidns")] public SpecNamespace? PidNs { get; set; }
    [JsonPropertyName("utsns")] public SpecNamespace? UtsNs { get; set; }
    [JsonPropertyName("userns")] public SpecNamespace? UserNs { get; set; }
    [JsonPropertyName("privileged")] public bool? Privileged { get; set; }
    [JsonPropertyName("cap_add")] public List<string>? CapAdd { get; set; }
    [JsonPropertyName("cap_drop")] public List<string>? CapDrop { get; set; }
    [JsonPropertyName("selinux_opts")] public List<string>? SelinuxOpts { get; set; }
    [JsonPropertyName("seccomp_profile_path")] public string? SeccompProfilePath { get; set; }
    [JsonPropertyName("apparmor_profile")] public string? ApparmorProfile { get; set; }
    [JsonPropertyName("no_new_privileges")] public bool? NoNewPrivileges { get; set; }
    [JsonPropertyName("resource_limits")] public SpecResources? ResourceLimits { get; set; }
    [JsonPropertyName("oom_score_adj")] public int? OomScoreAdj { get; set; }
    [JsonPropertyName("r_limits")] public List<SpecRlimit>? Rlimits { get; set; }
    [JsonPropertyName("devices")] public List<SpecDevice>? Devices { get; set; }
    [JsonPropertyName("sysctl")] public Dictionary<string, string>? Sysctl { get; set; }
    [JsonPropertyName("shm_size")] public long? ShmSize { get; set; }
    [JsonPropertyName("stop_signal")] public int? StopSignal { get; set; }
    [JsonPropertyName("stop_timeout")] public ulong? StopTimeout { get; set; }
    [JsonPropertyName("healthconfig")] public SpecHealthConfig? HealthConfig { get; set; }
    [JsonPropertyName("init")] public bool? Init { get; set; }
    [JsonPropertyName("init_path")] public string? InitPath { get; set; }
    [JsonPropertyName("log_configuration")] public SpecLogConfig? LogConfiguration { get; set; }
    [JsonPropertyName("cgroup_parent")] public string? CgroupParent { get; set; }
    [JsonPropertyName("conmon_pid_file")] public string? ConmonPidFile { get; set; }
    [JsonPropertyName("systemd")] public string? Systemd { get; set; }
    [JsonPropertyName("storage_opts")] public Dictionary<string, string>? StorageOpts { get; set; }
    [JsonPropertyName("image_os")] public string? ImageOs { get; set; }
    [JsonPropertyName("image_arch")] public string? ImageArch { get; set; }
}

internal sealed class SpecPortMapping
{
    [JsonPropertyName("host_ip")] public string? HostIp { get; set; }
    [JsonPropertyName("container_port")] public ushort ContainerPort { get; set; }
    [JsonPropertyName("host_port")] public ushort? HostPort { get; set; }
    [JsonPropertyName("range")] public ushort? Range { get; set; }
    [JsonPropertyName("protocol")] public string? Protocol { get; set; }
}

internal sealed class SpecMount
{
    [JsonPropertyName("destination")] public string Destination { get; set; } = "";
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("source")] public string Source { get; set; } = "";
    [JsonPropertyName("options")] public List<string>? Options { get; set; }
}

internal sealed class SpecNamedVolume
{
    [JsonPropertyName("Name")] public string Name { get; set; } = "";
    [JsonPropertyName("Dest")] public string Dest { get; set; } = "";
    [JsonPropertyName("Options")] public List<string>? Options { get; set; }
}

internal sealed class SpecNamespace
{
    [JsonPropertyName("nsmode")] public string Mode { get; set; } = "";
    [JsonPropertyName("value")] public string? Value { get; set; }
}

internal sealed class SpecNetwork
{
    [JsonPropertyName("static_ips")] public List<string>? StaticIps { get; set; }
    [JsonPropertyName("static_mac")] public string? StaticMac { get; set; }
}

internal sealed class SpecResources
{
    [JsonPropertyName("memory")] public SpecMemory? Memory { get; set; }
    [JsonPropertyName("cpu")] public SpecCpu? Cpu { get; set; }
    [JsonPropertyName("pids")] public SpecPids? Pids { get; set; }
    [JsonPropertyName("blockIO")] public SpecBlockIo? BlockIo { get; set; }
}

internal sealed class SpecMemory
{
    [JsonPropertyName("limit")] public long? Limit { get; set; }
    [JsonPropertyName("reservation")] public long? Reservation { get; set; }
    [JsonPropertyName("swap")] public long? Swap { get; set; }
    [JsonPropertyName("kernel")] public long? Kernel { get; set; }
    [JsonPropertyName("swappiness")] public ulong? Swappiness { get; set; }
    [JsonPropertyName("disableOOMKiller")] public bool? DisableOomKiller { get; set; }
}

internal sealed class SpecCpu
{
    [JsonPropertyName("shares")] public ulong? Shares { get; set; }
    [JsonPropertyName("quota")] public long? Quota { get; set; }
    [JsonPropertyName("period")] public ulong? Period { get; set; }
    [JsonPropertyName("realtimeRuntime")] public long? RealtimeRuntime { get; set; }
    [JsonPropertyName("realtimePeriod")] public ulong? RealtimePeriod { get; set; }
    [JsonPropertyName("cpus")] public string? Cpus { get; set; }
    [JsonPropertyName("mems")] public string? Mems { get; set; }
}

internal sealed class SpecPids
{
    [JsonPropertyName("limit")] public long Limit { get; set; }
}

internal sealed class SpecBlockIo
{
    [JsonPropertyName("weight")] public ushort? Weight { get; set; }
}

internal sealed class SpecRlimit
{
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("hard")] public ulong Hard { get; set; }
    [JsonPropertyName("soft")] public ulong Soft { get; set; }
}

internal sealed class SpecDevice
{
    [JsonPropertyName("path")] public string Path { get; set; } = "";
}

internal sealed class SpecHealthConfig
{
    [JsonPropertyName("Test")] public List<string>? Test { get; set; }
    [JsonPropertyName("Interval")] public long Interval { get; set; }
    [JsonPropertyName("Timeout")] public long Timeout { get; set; }
    [JsonPropertyName("StartPeriod")] public long StartPeriod { get; set; }
    [JsonPropertyName("Retries")] public int Retries { get; set; }
}

internal sealed class SpecLogConfig
{
    [JsonPropertyName("driver")] public string? Driver { get; set; }
    [JsonPropertyName("path")] public string? Path { get; set; }
    [JsonPropertyName("size")] public long? Size { get; set; }
    [JsonPropertyName("options")] public Dictionary<string, string>? Options { get; set; }
}

/// <summary>The body of POST /libpod/pods/create (CreatePod, and <c>pod: "new:NAME"</c> of CreateContainer).</summary>
internal sealed class PodSpecGenerator
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";

    /// <summary>Always false: podman 4.3.1 on the appliance's kernel makes infra containers of a shared
    /// parent cgroup fail (<c>mknod /dev/null: Operation not permitted</c>).</summary>
    [JsonPropertyName("share_parent")] public bool ShareParent { get; set; }

    [JsonPropertyName("labels")] public Dictionary<string, string>? Labels { get; set; }

    [JsonPropertyName("cgroup_parent")] public string? CgroupParent { get; set; }

    [JsonPropertyName("no_infra")] public bool? NoInfra { get; set; }

    [JsonPropertyName("shared_namespaces")] public List<string>? SharedNamespaces { get; set; }

    [JsonPropertyName("portmappings")] public List<SpecPortMapping>? PortMappings { get; set; }
}
