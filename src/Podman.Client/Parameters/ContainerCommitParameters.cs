namespace Podman.Client;

/// <summary>How to make an image from a container.</summary>
public sealed record ContainerCommitParameters
{
    /// <summary>The new image's name; required.</summary>
    public required string ImageName { get; init; }

    /// <summary>Containerfile instructions to apply (<c>CMD ["sh"]</c>).</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];

    /// <summary>Author.</summary>
    public string? Author { get; init; }

    /// <summary>Commit message.</summary>
    public string? Message { get; init; }

    /// <summary>Pause the container while committing.</summary>
    public bool Pause { get; init; } = true;

    /// <summary>Manifest format (<c>oci</c>, <c>docker</c>).</summary>
    public string? Format { get; init; }
}
