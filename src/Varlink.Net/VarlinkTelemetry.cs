using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Varlink;

/// <summary>
/// The names under which Varlink.Net reports traces and metrics, so that OpenTelemetry (or any
/// <see cref="ActivityListener"/> / <see cref="MeterListener"/>) picks them up with
/// <c>AddSource(VarlinkTelemetry.ActivitySourceName)</c> and <c>AddMeter(VarlinkTelemetry.MeterName)</c>.
/// </summary>
/// <remarks>
/// Lives in the core so that every transport and client layer reports under the same names. Each call
/// made through <c>VarlinkClient</c> is one <see cref="Activity"/> named after the method, tagged
/// <see cref="MethodTag"/> and, on failure, <see cref="ErrorTag"/>.
/// </remarks>
public static class VarlinkTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> name: <c>Varlink.Net</c>.</summary>
    public const string ActivitySourceName = "Varlink.Net";

    /// <summary>The <see cref="Meter"/> name: <c>Varlink.Net</c>.</summary>
    public const string MeterName = "Varlink.Net";

    /// <summary>The tag holding the fully-qualified method name.</summary>
    public const string MethodTag = "varlink.method";

    /// <summary>The tag holding the varlink error name, or the exception type for local failures.</summary>
    public const string ErrorTag = "varlink.error";

    /// <summary>The counter of calls made (through <c>VarlinkClient</c>), tagged with the method: <c>varlink.client.calls</c>.</summary>
    public const string CallsName = "varlink.client.calls";

    /// <summary>The counter of calls that failed, tagged with the method and the error: <c>varlink.client.errors</c>.</summary>
    public const string ErrorsName = "varlink.client.errors";

    /// <summary>The counter of bytes every client connection wrote: <c>varlink.client.bytes_sent</c>.</summary>
    public const string BytesSentName = "varlink.client.bytes_sent";

    /// <summary>The counter of bytes of the messages every client connection read: <c>varlink.client.bytes_received</c>.</summary>
    public const string BytesReceivedName = "varlink.client.bytes_received";

    /// <summary>The histogram of call latency in seconds, tagged with the method (and the error): <c>varlink.client.call.duration</c>.</summary>
    public const string CallDurationName = "varlink.client.call.duration";

    /// <summary>The source of call activities.</summary>
    internal static ActivitySource ActivitySource { get; } = new(ActivitySourceName);

    /// <summary>The meter of the instruments below.</summary>
    internal static Meter Meter { get; } = new(MeterName);

    /// <summary>Calls made, tagged with the method.</summary>
    internal static Counter<long> Calls { get; } =
        Meter.CreateCounter<long>(CallsName, "{call}", "Varlink calls made.");

    /// <summary>Calls that failed, tagged with the method and the error.</summary>
    internal static Counter<long> Errors { get; } =
        Meter.CreateCounter<long>(ErrorsName, "{call}", "Varlink calls that failed.");

    /// <summary>Bytes written to connections.</summary>
    internal static Counter<long> BytesSent { get; } =
        Meter.CreateCounter<long>(BytesSentName, "By", "Bytes written to varlink connections.");

    /// <summary>Bytes read from connections.</summary>
    internal static Counter<long> BytesReceived { get; } =
        Meter.CreateCounter<long>(BytesReceivedName, "By", "Bytes read from varlink connections.");

    /// <summary>Call latency in seconds, tagged with the method (and the error, when it failed).</summary>
    internal static Histogram<double> CallDuration { get; } =
        Meter.CreateHistogram<double>(CallDurationName, "s", "Time from sending a varlink call to its (last) reply.");
}
