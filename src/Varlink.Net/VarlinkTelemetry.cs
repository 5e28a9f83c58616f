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

    /// <summary>The source of call activities.</summary>
    public static ActivitySource ActivitySource { get; } = new(ActivitySourceName);

    /// <summary>The meter of the instruments below.</summary>
    public static Meter Meter { get; } = new(MeterName);

    /// <summary>Calls made, tagged with the method.</summary>
    public static Counter<long> Calls { get; } =
        Meter.CreateCounter<long>("varlink.client.calls", "{call}", "Varlink calls made.");

    /// <summary>Calls that failed, tagged with the method and the error.</summary>
    public static Counter<long> Errors { get; } =
        Meter.CreateCounter<long>("varlink.client.errors", "{call}", "Varlink calls that failed.");

    /// <summary>Bytes written to connections.</summary>
    public static Counter<long> BytesSent { get; } =
        Meter.CreateCounter<long>("varlink.client.bytes_sent", "By", "Bytes written to varlink connections.");

    /// <summary>Bytes read from connections.</summary>
    public static Counter<long> BytesReceived { get; } =
        Meter.CreateCounter<long>("varlink.client.bytes_received", "By", "Bytes read from varlink connections.");

    /// <summary>Call latency in seconds, tagged with the method (and the error, when it failed).</summary>
    public static Histogram<double> CallDuration { get; } =
        Meter.CreateHistogram<double>("varlink.client.call.duration", "s", "Time from sending a varlink call to its (last) reply.");
}
