using System.Diagnostics;

namespace Varlink;

/// <summary>One call's activity, counters and latency: started with the call, failed or not, ended on dispose.</summary>
internal sealed class CallTelemetry : IDisposable
{
    private readonly Activity? _activity;
    private readonly string _method;
    private readonly long _started = Stopwatch.GetTimestamp();
    private string? _error;

    private CallTelemetry(string method)
    {
        _method = method;
        _activity = VarlinkTelemetry.ActivitySource.StartActivity(method, ActivityKind.Client);
        _activity?.SetTag(VarlinkTelemetry.MethodTag, method);
        _activity?.SetTag("rpc.system", "varlink");
        _activity?.SetTag("rpc.method", method);
        VarlinkTelemetry.Calls.Add(1, new KeyValuePair<string, object?>(VarlinkTelemetry.MethodTag, method));
    }

    public static CallTelemetry Start(string method) => new(method);

    /// <summary>Records the failure: the varlink error name for error replies, the exception type otherwise.</summary>
    public void Fail(Exception exception)
    {
        _error = exception is VarlinkRemoteException remote ? remote.ErrorName : exception.GetType().FullName;
        _activity?.SetTag(VarlinkTelemetry.ErrorTag, _error);
        _activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        VarlinkTelemetry.Errors.Add(
            1,
            new KeyValuePair<string, object?>(VarlinkTelemetry.MethodTag, _method),
            new KeyValuePair<string, object?>(VarlinkTelemetry.ErrorTag, _error));
    }

    public void Dispose()
    {
        var seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        if (_error is null)
        {
            VarlinkTelemetry.CallDuration.Record(seconds, new KeyValuePair<string, object?>(VarlinkTelemetry.MethodTag, _method));
        }
        else
        {
            VarlinkTelemetry.CallDuration.Record(
                seconds,
                new KeyValuePair<string, object?>(VarlinkTelemetry.MethodTag, _method),
                new KeyValuePair<string, object?>(VarlinkTelemetry.ErrorTag, _error));
        }

        _activity?.Dispose();
    }
}
