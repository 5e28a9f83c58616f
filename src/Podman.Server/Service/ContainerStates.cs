namespace Podman.Server.Service;

/// <summary>
/// Container state names: podman 4 renamed two of 1.9's and added <c>stopping</c>. A 1.9 client aborts
/// on a name it does not know, so every state goes out as 1.9's and every state filter comes in as 1.9's.
/// </summary>
internal static class ContainerStates
{
    /// <summary>podman 4's name → 1.9's: <c>created</c> → <c>configured</c>, <c>initialized</c> → <c>created</c>, <c>stopping</c> → <c>running</c>.</summary>
    public static string ToV1(string v4) => v4 switch
    {
        "created" => "configured",
        "initialized" => "created",
        "stopping" => "running",
        "running" or "stopped" or "paused" or "exited" or "removing" or "unknown" => v4,
        "" => "unknown",
        _ => "unknown",
    };

    /// <summary>1.9's name → podman 4's, for REST filters; null when 1.9 did not know the name.</summary>
    public static string? ToV4(string v1) => v1 switch
    {
        "configured" => "created",
        "created" => "initialized",
        "running" or "stopped" or "paused" or "exited" or "removing" or "unknown" => v1,
        _ => null,
    };

    /// <summary>1.9's <c>ContainerState</c> number of a podman 4 name (stopping counts as running).</summary>
    public static int ToV1Number(string v4) => ToV1(v4) switch
    {
        "configured" => 1,
        "created" => 2,
        "running" => 3,
        "stopped" => 4,
        "paused" => 5,
        "exited" => 6,
        "removing" => 7,
        _ => 0,
    };

    /// <summary>Whether the podman 4 state counts as running for 1.9 (<c>stopping</c> does).</summary>
    public static bool IsRunning(string v4) => v4 is "running" or "stopping";
}
