namespace Varlink;

/// <summary>Checking a call against its interface and running its handler.</summary>
internal sealed partial class ServerConnection
{
    /// <summary>
    /// Checks and runs one call. Its parameters stay raw bytes: validated in place, read typed by the
    /// handler, parsed into a document only if the handler asks for one (disposed when it is done).
    /// </summary>
    private async ValueTask DispatchAsync(CallEnvelope envelope)
    {
        string method = envelope.Method;
        int dot = method.LastIndexOf('.');

        // The names come from the registered schema when known, so a call allocates no substrings.
        var registration = _server.TryGetInterface(dot > 0 ? method.AsSpan(0, dot) : method, out var found) ? found : null;
        var declared = registration is not null && registration.Schema.TryGetMethod(dot > 0 ? method.AsSpan(dot + 1) : default, out var m) ? m : null;
        string interfaceName = registration?.Schema.Name ?? (dot > 0 ? method[..dot] : method);
        string methodName = declared?.Name ?? (dot > 0 ? method[(dot + 1)..] : string.Empty);
        int maxDepth = _channel.Limits.MaxDepth;
        bool lenient = registration?.Options.LenientParameters ?? false;
        var call = new VarlinkCall(this, method, interfaceName, methodName, envelope.Flags, envelope.Parameters, maxDepth, lenient);
        try
        {
            if (registration is null)
            {
                await SendServiceErrorAsync(call, VarlinkServiceErrors.InterfaceNotFound, "interface", interfaceName).ConfigureAwait(false);
                return;
            }

            if (declared is null)
            {
                await SendServiceErrorAsync(call, VarlinkServiceErrors.MethodNotFound, "method", method).ConfigureAwait(false);
                return;
            }

            if (registration.Schema.FindInvalidParameter(declared, envelope.Parameters, maxDepth, lenient) is { } invalid)
            {
                await SendServiceErrorAsync(call, VarlinkServiceErrors.InvalidParameter, "parameter", invalid).ConfigureAwait(false);
                return;
            }

            try
            {
                await registration.Handler(call, CallToken(envelope.Flags)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_ended.IsCancellationRequested && !_abort.IsCancellationRequested)
            {
                // The client has gone and the handler stopped for it: nobody is left to answer.
                return;
            }
            catch (VarlinkRemoteException e) when (!call.IsAnswered && !call.IsUpgraded)
            {
                if (!IsDeclaredError(interfaceName, e.ErrorName))
                {
                    throw new InvalidOperationException(
                        $"The handler of {method} failed with {e.ErrorName}, an error declared neither by {interfaceName} nor by org.varlink.service; the connection is closed.", e);
                }

                await call.ReplyErrorAsync(e.ErrorName, e.Parameters).ConfigureAwait(false);
                return;
            }
            catch (VarlinkConnectionException) when (_ended.IsCancellationRequested || _inputEnded)
            {
                // A reply could not be written because the client has gone.
                return;
            }
            catch (Exception e) when (e is not (VarlinkException or OperationCanceledException))
            {
                throw new InvalidOperationException($"The handler of {method} failed ({e.Message}); the connection is closed.", e);
            }

            if (call.IsAnswered || call.IsUpgraded || call.IsOneway || _ended.IsCancellationRequested)
            {
                // Answered, or nobody is left to answer.
                return;
            }

            if (call.HasContinued)
            {
                throw new InvalidOperationException($"The handler of {method} sent replies with \"continues\" but no final reply; the connection is closed.");
            }

            await SendServiceErrorAsync(call, VarlinkServiceErrors.MethodNotImplemented, "method", method).ConfigureAwait(false);
        }
        finally
        {
            call.ReleaseParameters();
        }
    }

    private static ValueTask SendServiceErrorAsync(VarlinkCall call, string error, string parameter, string value)
        => call.ReplyErrorAsync(error, VarlinkServiceErrors.ObjectWith(parameter, value));

    internal bool IsDeclaredError(string interfaceName, string errorName)
    {
        int dot = errorName.LastIndexOf('.');
        if (dot <= 0)
        {
            return false;
        }

        var errorInterface = errorName.AsSpan(0, dot);
        var member = errorName[(dot + 1)..];
        if (errorInterface.SequenceEqual(VarlinkServer.ServiceInterfaceName))
        {
            return VarlinkServer.ServiceSchema.HasError(member);
        }

        return errorInterface.SequenceEqual(interfaceName)
            && _server.TryGetInterface(interfaceName, out var registration)
            && registration.Schema.HasError(member);
    }

    /// <summary>
    /// Starts one call's dispatch on the read loop's thread; while its handler runs synchronously there,
    /// streamed replies are gathered. The caller sends them if the handler yields.
    /// </summary>
    private ValueTask DispatchInline(CallEnvelope envelope)
    {
        _loopThread = Environment.CurrentManagedThreadId;
        _dispatchingInline = true;
        try
        {
            return DispatchAsync(envelope);
        }
        finally
        {
            _dispatchingInline = false;
        }
    }
}
