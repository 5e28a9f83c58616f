namespace Varlink;

/// <summary>
/// Handles the calls to one interface: looks at <see cref="VarlinkCall.MethodName"/>, reads the
/// parameters, and replies through the call (or throws a <see cref="VarlinkRemoteException"/> for an
/// error reply). Returning without replying answers <c>org.varlink.service.MethodNotImplemented</c>.
/// </summary>
/// <param name="call">The call, valid until the returned task completes.</param>
/// <param name="cancellationToken">
/// Fires when the call's client has gone: it closed the connection (or its sending side: a client
/// that half-closes is taken as gone), the connection failed, or the server stopped without waiting
/// any longer. A handler that waits — a <c>more</c> stream with nothing to send, a long operation —
/// should stop when it fires; what it still replies is dropped. A <c>oneway</c> call's handler gets a
/// token that fires only when the server stops that way, since its client expects nothing back and may
/// leave at once.
/// </param>
/// <returns>A task that completes when the call has been answered.</returns>
public delegate ValueTask VarlinkMethodHandler(VarlinkCall call, CancellationToken cancellationToken);
