using System.Text.Json;
using System.Text.Json.Serialization;

namespace Podman.Server.Libpod;

// The fields of GET /libpod/version and GET /libpod/info that io.podman needs (podman 4.3.1 names).
// Read case-insensitively; every property has a non-null default, so a missing key never becomes a null.

/// <summary>An error body: <c>{"cause", "message", "response"}</c>.</summary>
internal sealed class LibpodErrorBody
{
    public string Cause { get; set; } = "";

    public string Message { get; set; } = "";

    public int Response { get; set; }
}

/// <summary>GET /libpod/version.</summary>
internal sealed class LibpodVersion
{
    public string Version { get; set; } = "";

    public string ApiVersion { get; set; } = "";

    public string GoVersion { get; set; } = "";

    public string GitCommit { get; set; } = "";

    public string BuildTime { get; set; } = "";

    public string Os { get; set; } = "";

    public string Arch { get; set; } = "";
}

/// <summary>GET /libpod/info.</summary>
internal sealed class LibpodInfo
{
    public LibpodInfoHost Host { get; set; } = new();

    public LibpodInfoStore Store { get; set; } = new();

    /// <summary>A map: <c>search</c> → string list, every other key a registry with <c>Insecure</c>/<c>Blocked</c>.</summary>
    public JsonElement Registries { get; set; }

    public LibpodInfoVersion Version { get; set; } = new();
}

internal sealed class LibpodInfoHost
{
    public string Arch { get; set; } = "";

    public string BuildahVersion { get; set; } = "";

    public string CgroupVersion { get; set; } = "";

    public long Cpus { get; set; }

    public LibpodDistribution Distribution { get; set; } = new();

    public string EventLogger { get; set; } = "";

    public string Hostname { get; set; } = "";

    public string Kernel { get; set; } = "";

    public long MemFree { get; set; }

    public long MemTotal { get; set; }

    public string Os { get; set; } = "";

    public long SwapFree { get; set; }

    public long SwapTotal { get; set; }

    public string Uptime { get; set; } = "";

    public LibpodSecurity Security { get; set; } = new();
}

internal sealed class LibpodDistribution
{
    public string Distribution { get; set; } = "";

    public string Version { get; set; } = "";
}

internal sealed class LibpodSecurity
{
    public bool Rootless { get; set; }
}

internal sealed class LibpodInfoStore
{
    public string GraphDriverName { get; set; } = "";

    /// <summary>Driver options, any JSON values (printed as Go's <c>%v</c> of a map).</summary>
    public Dictionary<string, JsonElement>? GraphOptions { get; set; }

    public string GraphRoot { get; set; } = "";

    public Dictionary<string, string>? GraphStatus { get; set; }

    public string RunRoot { get; set; } = "";

    public LibpodStoreCount ContainerStore { get; set; } = new();

    public LibpodStoreCount ImageStore { get; set; } = new();
}

internal sealed class LibpodStoreCount
{
    public long Number { get; set; }
}

internal sealed class LibpodInfoVersion
{
    [JsonPropertyName("APIVersion")]
    public string ApiVersion { get; set; } = "";

    public string Version { get; set; } = "";

    public string GoVersion { get; set; } = "";

    public string GitCommit { get; set; } = "";

    public string BuiltTime { get; set; } = "";

    public long Built { get; set; }

    public string OsArch { get; set; } = "";
}

/// <summary>An entry of GET /libpod/pods/json (only what Reset needs).</summary>
internal sealed class LibpodPodListEntry
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";
}

/// <summary>An entry of GET /libpod/images/json (only what Reset needs).</summary>
internal sealed class LibpodImageListEntry
{
    public string Id { get; set; } = "";
}

/// <summary>An entry of GET /libpod/volumes/json (only what Reset needs).</summary>
internal sealed class LibpodVolumeListEntry
{
    public string Name { get; set; } = "";
}
