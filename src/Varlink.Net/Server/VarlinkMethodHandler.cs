namespace Varlink;

/// <summary>
/// Handles the calls to one interface: looks at <see cref="VarlinkCall.MethodName"/>, reads the
/// parameters, and replies through the call (or throws a <see cref="VarlinkRemoteException"/> for an
/// error reply). Returning without replying answers <c>org.varlink.service.MethodNotImplemented</c>.
/// </summary>
/// <param name="call">The call, valid until the returned task completes.</param>
/// <param name="cancellationToken">Fires when the server is stopping without waiting any longer.</param>
/// <returns>A task that completes when the call has been answered.</returns>
public delegate ValueTask VarlinkMethodHandler(VarlinkCall call, CancellationToken cancellationToken);
