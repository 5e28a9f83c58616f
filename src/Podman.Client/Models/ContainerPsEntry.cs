namespace Podman.Client;

/// <summary>A container as <c>podman ps</c> shows it.</summary>
/// <param name="Id">Id.</param>
/// <param name="Names">Name.</param>
/// <param name="Image">Image.</param>
/// <param name="Command">Command line.</param>
/// <param name="State">State.</param>
/// <param name="Status">podman's status text (<c>Up 5 minutes</c>).</param>
/// <param name="Pod">The pod it belongs to (empty: none).</param>
/// <param name="IsInfra">Whether it is a pod's infra container.</param>
/// <param name="Pid">Its process id (0 when not running).</param>
/// <param name="Created">When it was created.</param>
/// <param name="StartedAt">When it last started.</param>
/// <param name="ExitedAt">When it last exited.</param>
/// <param name="Labels">Labels.</param>
/// <param name="Ports">Published ports as podman prints them.</param>
/// <param name="RootFsSize">Root file system size in bytes (when asked for).</param>
/// <param name="RwSize">Writable layer size in bytes (when asked for).</param>
public sealed record ContainerPsEntry(
    string Id, string Names, string Image, string Command, ContainerState State, string Status, string Pod, bool IsInfra, long Pid,
    DateTimeOffset? Created, DateTimeOffset? StartedAt, DateTimeOffset? ExitedAt, IReadOnlyDictionary<string, string> Labels, string Ports, long RootFsSize, long RwSize);
