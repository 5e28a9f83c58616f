namespace Podman.Server.Service;

/// <summary>
/// The methods not served: none. Every io.podman method is served; a method podman 1.9.3 declared but never
/// implemented (CreateFromCC, AttachControl) answers with io.podman's own error or its documented meaning (README).
/// </summary>
internal sealed partial class PodmanService
{
    /// <summary>The methods answered with MethodNotImplemented (the README lists them too): none.</summary>
    public static IReadOnlyList<string> NotServed { get; } = [];
}
