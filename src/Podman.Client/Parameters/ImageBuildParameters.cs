namespace Podman.Client;

/// <summary>How to build an image.</summary>
public sealed record ImageBuildParameters
{
    /// <summary>
    /// The build context on podman's host (io.podman's <c>contextDir</c>): a tar of the context directory that
    /// <see cref="SystemClient.SendFileAsync"/> put there. Required by <see cref="ImagesClient.BuildAsync(ImageBuildParameters, CancellationToken)"/>;
    /// left unset with <see cref="ImagesClient.BuildAsync(Stream, ImageBuildParameters?, CancellationToken)"/>, which sends the tar itself.
    /// </summary>
    public string? ContextDirectory { get; init; }

    /// <summary>Containerfiles (<c>Containerfile</c> in the context when empty).</summary>
    public IReadOnlyList<string> Containerfiles { get; init; } = [];

    /// <summary>Names for the result.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Build arguments.</summary>
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>Labels for the result.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Do not use cached layers.</summary>
    public bool NoCache { get; init; }

    /// <summary>Keep intermediate layers.</summary>
    public bool Layers { get; init; } = true;

    /// <summary>Print less.</summary>
    public bool Quiet { get; init; }

    /// <summary>The stage to build.</summary>
    public string? Target { get; init; }

    /// <summary>When to pull base images (<c>missing</c>, <c>always</c>, <c>never</c>).</summary>
    public string? PullPolicy { get; init; }
}
