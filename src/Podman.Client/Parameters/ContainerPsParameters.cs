namespace Podman.Client;

/// <summary>What <c>podman ps</c> lists.</summary>
public sealed record ContainerPsParameters
{
    /// <summary>Include containers that are not running.</summary>
    public bool All { get; init; }

    /// <summary>Filters (<c>name=web</c>, <c>status=exited</c>, <c>label=a=b</c>).</summary>
    public IReadOnlyList<string> Filters { get; init; } = [];

    /// <summary>Only the last this many created (all when null).</summary>
    public int? Last { get; init; }

    /// <summary>Only the latest created.</summary>
    public bool Latest { get; init; }

    /// <summary>Compute sizes (slow).</summary>
    public bool Size { get; init; }

    /// <summary>Full container and pod IDs and commands (podman cuts IDs to 12 characters otherwise).</summary>
    public bool NoTrunc { get; init; }

    /// <summary>Fill in <see cref="ContainerPsEntry.Pod"/> (podman leaves it empty otherwise).</summary>
    public bool Pod { get; init; }

    /// <summary>Sort by (<c>created</c>, <c>names</c>, …).</summary>
    public string? Sort { get; init; }
}
