namespace Podman.Client;

/// <summary>How to run an image's label command (<c>podman container runlabel</c>).</summary>
public sealed record RunLabelParameters
{
    /// <summary>The container name to use.</summary>
    public string? Name { get; init; }

    /// <summary>Pull the image first.</summary>
    public bool Pull { get; init; }

    /// <summary>Only show the command.</summary>
    public bool Display { get; init; }

    /// <summary>An auth file for the pull.</summary>
    public string? AuthFile { get; init; }

    /// <summary>Extra arguments.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>Options substituted into the label.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
}
