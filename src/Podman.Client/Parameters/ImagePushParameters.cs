namespace Podman.Client;

/// <summary>How to push an image.</summary>
public sealed record ImagePushParameters
{
    /// <summary>Where to push (<c>localhost:5000/app:1</c>); the image's own name when null.</summary>
    public string? Destination { get; init; }

    /// <summary>Compress layers.</summary>
    public bool Compress { get; init; }

    /// <summary>Manifest format (<c>oci</c>, <c>v2s2</c>); podman's default when null.</summary>
    public string? Format { get; init; }

    /// <summary>Drop signatures.</summary>
    public bool RemoveSignatures { get; init; }

    /// <summary>Sign with this GPG key.</summary>
    public string? SignBy { get; init; }
}
