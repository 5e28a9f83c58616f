using Podman.Varlink;
using Varlink;

namespace Podman.Server.Service;

/// <summary>
/// The methods not served yet (attach/exec):
/// each answers <c>org.varlink.service.MethodNotImplemented</c> naming itself, never a made-up result.
/// <c>AttachControl</c> answered the same in podman 1.9.3 itself.
/// </summary>
internal sealed partial class PodmanService
{
    /// <summary>The methods answered with MethodNotImplemented (the README lists them too).</summary>
    public static IReadOnlyList<string> NotServed { get; } =
    [
        "Attach",
        "AttachControl",
        "ExecContainer",
        "GetAttachSockets",
    ];

    private static VarlinkRemoteException NotYet(string method) => VarlinkServiceErrors.CreateMethodNotImplemented(InterfaceName + "." + method);

    protected override ValueTask AttachAsync(string name, string detachKeys, bool start, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("Attach");

    protected override ValueTask AttachControlAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("AttachControl");

    protected override ValueTask<Sockets> GetAttachSocketsAsync(string name, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("GetAttachSockets");

    protected override ValueTask ExecContainerAsync(ExecOpts opts, VarlinkCall call, CancellationToken cancellationToken)
        => throw NotYet("ExecContainer");
}
