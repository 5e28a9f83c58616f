using System.Net.Http;
using System.Text.Json;
using Podman.Server.Libpod;
using Podman.Varlink;
using Varlink;

namespace Podman.Server.Service;

/// <summary>
/// io.podman (podman 1.9.3's interface) served by mapping each method onto podman 4.3's libpod REST
/// API. One file per resource: <c>PodmanService.System.cs</c>, <c>.Events.cs</c>,
/// <c>.Containers.Query.cs</c>, <c>.Containers.Lifecycle.cs</c>, <c>.Containers.Create.cs</c>,
/// <c>.Logs.cs</c>; methods not served yet are in <c>.NotImplemented.cs</c> and answer
/// <c>org.varlink.service.MethodNotImplemented</c>.
/// </summary>
/// <remarks>
/// Errors go out as 1.9.3 sent them: a missing container is <c>ContainerNotFound</c> carrying the
/// caller's input, a refused state <c>InvalidState</c> or <c>ErrCtrStopped</c> where 1.9 used them,
/// anything else <c>ErrorOccurred</c> with podman's own message. No failure closes the connection.
/// </remarks>
internal sealed partial class PodmanService : PodmanServiceBase
{
    private readonly LibpodClient _libpod;
    private readonly TimeProvider _time;
    private readonly Action _resetDone;

    /// <summary>Creates the service.</summary>
    /// <param name="libpod">The REST client of podman's API service.</param>
    /// <param name="time">The clock (human "5 minutes ago" texts).</param>
    /// <param name="resetDone">Called after Reset has answered: 1.9's service exited then.</param>
    /// <param name="versionCache">GetVersion's reply kept across boots (read here, written once libpod has answered), or none.</param>
    public PodmanService(LibpodClient libpod, TimeProvider? time = null, Action? resetDone = null, VersionCache? versionCache = null)
    {
        _libpod = libpod;
        _time = time ?? TimeProvider.System;
        _resetDone = resetDone ?? (() => { });
        _versionCache = versionCache;
        _version = CachedVersion();
    }

    /// <summary>
    /// Serves io.podman on <paramref name="server"/> with lenient parameters, as podman 1.x did: a
    /// missing field is its zero value and an unknown one is ignored (python-podman leaves arguments
    /// out); a value of the wrong type is still InvalidParameter naming it.
    /// </summary>
    public void Register(VarlinkServer server) => AddTo(server, new VarlinkInterfaceOptions { LenientParameters = true });

    /// <summary>
    /// The io.podman error for a failure of the libpod side: <c>ContainerNotFound</c> (when
    /// <paramref name="container"/> is the caller's name and libpod said it does not exist) or
    /// <c>ErrorOccurred</c> with podman's message.
    /// </summary>
    internal static VarlinkRemoteException Failure(Exception exception, string? container = null) => exception switch
    {
        VarlinkRemoteException remote => remote,
        LibpodException { IsNotFound: true } e when container is not null => new ContainerNotFoundException(container, e.Message),
        LibpodException e => new ErrorOccurredException(e.Message),
        HttpRequestException e => new ErrorOccurredException($"podman's API service does not answer: {e.Message}"),
        JsonException e => new ErrorOccurredException($"podman's API service sent a reply the io.podman service cannot read: {e.Message}"),
        _ => new ErrorOccurredException(exception.Message),
    };

    /// <summary>Whether a failure is to be turned into an io.podman error (the client going away is not).</summary>
    internal static bool IsFailure(Exception exception) => exception is not (VarlinkRemoteException or OperationCanceledException);

    /// <summary>Inspects a container; not found → <c>ContainerNotFound</c> with the caller's input.</summary>
    private async Task<(LibpodContainerInspect Inspect, byte[] Json)> InspectOrNotFoundAsync(string name, bool size, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ContainerNotFoundException(name, "no such container");
        }

        try
        {
            return await _libpod.InspectContainerAsync(name, size, cancellationToken).ConfigureAwait(false);
        }
        catch (LibpodException e) when (e.IsNotFound)
        {
            throw new ContainerNotFoundException(name, e.Message);
        }
    }

    /// <summary>Inspects a container; not found → <c>ErrorOccurred</c> (the methods where 1.9 did that).</summary>
    private async Task<(LibpodContainerInspect Inspect, byte[] Json)> InspectOrErrorAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await InspectOrNotFoundAsync(name, false, cancellationToken).ConfigureAwait(false);
        }
        catch (ContainerNotFoundException e)
        {
            throw new ErrorOccurredException(e.Reason);
        }
    }

    private static IReadOnlyList<string> List(List<string>? values) => values ?? (IReadOnlyList<string>)[];

    private static IReadOnlyDictionary<string, string> Map(Dictionary<string, string>? values) => values ?? new Dictionary<string, string>();
}
