namespace Podman.Client;

/// <summary>How to save an image to an archive on podman's host.</summary>
public sealed record ImageSaveParameters
{
    /// <summary>The archive's path on podman's host; required.</summary>
    public required string Output { get; init; }

    /// <summary>Format (<c>docker-archive</c>, <c>oci-archive</c>, <c>oci-dir</c>, <c>docker-dir</c>).</summary>
    public string Format { get; init; } = "docker-archive";

    /// <summary>Compress.</summary>
    public bool Compress { get; init; }

    /// <summary>More names to include.</summary>
    public IReadOnlyList<string> MoreTags { get; init; } = [];

    /// <summary>Print less.</summary>
    public bool Quiet { get; init; }
}
