using System.Text.Json;

namespace Podman.Server.Libpod;

// The volume endpoints (podman 4.3.1 names); every property has a non-null default.

/// <summary>A volume as GET /libpod/volumes/json and /libpod/volumes/{name}/json describe it.</summary>
internal sealed class LibpodVolume
{
    public string Name { get; set; } = "";

    public string Driver { get; set; } = "";

    public string Mountpoint { get; set; } = "";

    public Dictionary<string, string>? Labels { get; set; }

    public Dictionary<string, string>? Options { get; set; }
}

/// <summary>The body of POST /libpod/volumes/create (libpod's keys: <c>Label</c>, singular).</summary>
internal sealed class LibpodVolumeCreate
{
    public string Name { get; set; } = "";

    public string Driver { get; set; } = "";

    public Dictionary<string, string> Label { get; set; } = [];

    public Dictionary<string, string> Options { get; set; } = [];
}

/// <summary>An entry of the prune replies (volumes, images): <c>Err</c> is null when that one was removed.</summary>
internal sealed class LibpodPruneReport
{
    public string Id { get; set; } = "";

    public JsonElement Err { get; set; }

    public long Size { get; set; }

    /// <summary>libpod's error text for this entry, or null when it was pruned.</summary>
    public string? Error => Err.ValueKind switch
    {
        JsonValueKind.String => Err.GetString() is { Length: > 0 } text ? text : null,
        JsonValueKind.Object => Err.EnumerateObject().Any() ? Err.GetRawText() : null,
        _ => null,
    };
}
