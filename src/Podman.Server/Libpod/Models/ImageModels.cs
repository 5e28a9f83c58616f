using System.Text.Json.Serialization;

namespace Podman.Server.Libpod;

// The image endpoints (podman 4.3.1 names); every property has a non-null default.

/// <summary>An entry of GET /libpod/images/json.</summary>
internal sealed class LibpodImage
{
    public string Id { get; set; } = "";

    public string ParentId { get; set; } = "";

    public List<string>? RepoTags { get; set; }

    public List<string>? RepoDigests { get; set; }

    /// <summary>Unix seconds.</summary>
    public long Created { get; set; }

    public long Size { get; set; }

    public long VirtualSize { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public long Containers { get; set; }

    public bool ReadOnly { get; set; }

    public string Digest { get; set; } = "";

    /// <summary>The names the image has had (names-history).</summary>
    public List<string>? History { get; set; }
}

/// <summary>GET /libpod/images/{name}/json (the fields the service reads; the text itself is passed on).</summary>
internal sealed class LibpodImageInspect
{
    public string Id { get; set; } = "";

    public string Digest { get; set; } = "";

    public string Parent { get; set; } = "";

    public List<string>? RepoTags { get; set; }

    public List<string>? RepoDigests { get; set; }

    /// <summary>RFC3339Nano.</summary>
    public string Created { get; set; } = "";

    public long Size { get; set; }

    public long VirtualSize { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public List<string>? NamesHistory { get; set; }

    public LibpodGraphDriver GraphDriver { get; set; } = new();
}

/// <summary>A row of GET /libpod/images/{name}/history.</summary>
internal sealed class LibpodHistory
{
    public string Id { get; set; } = "";

    /// <summary>Unix seconds.</summary>
    public long Created { get; set; }

    public string CreatedBy { get; set; } = "";

    public List<string>? Tags { get; set; }

    public long Size { get; set; }

    public string Comment { get; set; } = "";
}

/// <summary>GET /libpod/images/{name}/tree.</summary>
internal sealed class LibpodTree
{
    public string Tree { get; set; } = "";
}

/// <summary>DELETE /libpod/images/{name}.</summary>
internal sealed class LibpodImageRemoveReport
{
    public List<string>? Deleted { get; set; }

    public List<string>? Untagged { get; set; }

    public List<string>? Errors { get; set; }

    public int ExitCode { get; set; }
}

/// <summary>A result of GET /libpod/images/search (<c>Official</c>/<c>Automated</c> are <c>"[OK]"</c> or <c>""</c>).</summary>
internal sealed class LibpodSearchResult
{
    public string Index { get; set; } = "";

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public long Stars { get; set; }

    public string Official { get; set; } = "";

    public string Automated { get; set; } = "";
}

/// <summary>The <c>X-Registry-Auth</c> header's JSON (base64url-encoded on the wire).</summary>
internal sealed class LibpodRegistryAuth
{
    [JsonPropertyName("username")] public string Username { get; set; } = "";

    [JsonPropertyName("password")] public string Password { get; set; } = "";
}
