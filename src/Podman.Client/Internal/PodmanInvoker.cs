using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Podman.Client.Varlink;

namespace Podman.Client;

/// <summary>
/// Runs every facade call: one activity per call (<see cref="PodmanClient.ActivitySourceName"/>) tagged with the
/// io.podman method and the object id, failures logged and translated into the <see cref="PodmanException"/> tree.
/// </summary>
internal sealed class PodmanInvoker
{
    internal const string MethodTag = "podman.method";
    internal const string ObjectIdTag = "podman.object_id";
    private static readonly ActivitySource Source = new(PodmanClient.ActivitySourceName);
    private readonly ILogger _logger;

    public PodmanInvoker(PodmanProxy proxy, ILogger logger)
    {
        Proxy = proxy;
        _logger = logger;
    }

    public PodmanProxy Proxy { get; }

    public async Task<T> CallAsync<T>(string method, string? id, Func<PodmanProxy, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var activity = Start(method, id);
        try
        {
            return await call(Proxy, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, method, id, activity) is { } translated)
        {
            throw translated;
        }
    }

    public Task CallAsync(string method, string? id, Func<PodmanProxy, CancellationToken, Task> call, CancellationToken cancellationToken) =>
        CallAsync<bool>(method, id, async (proxy, token) =>
        {
            await call(proxy, token).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>A streamed call: each reply mapped, empty sentinels skipped; ends when the service ends it or the token fires.</summary>
    public async IAsyncEnumerable<TOut> StreamAsync<TIn, TOut>(
        string method, string? id, Func<PodmanProxy, CancellationToken, IAsyncEnumerable<TIn>> call, Func<TIn, TOut?> map,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TOut : class
    {
        using var activity = Start(method, id);
        IAsyncEnumerator<TIn> enumerator;
        try
        {
            enumerator = call(Proxy, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception e) when (Translate(e, method, id, activity) is { } translated)
        {
            throw translated;
        }

        await using (enumerator.ConfigureAwait(false))
        {
            while (true)
            {
                TIn current;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    current = enumerator.Current;
                }
                catch (Exception e) when (Translate(e, method, id, activity) is { } translated)
                {
                    ExceptionDispatchInfo.Throw(translated);
                    throw;
                }

                if (map(current) is { } mapped)
                {
                    yield return mapped;
                }
            }
        }
    }

    private static Activity? Start(string method, string? id)
    {
        var activity = Source.StartActivity("podman " + method, ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag(MethodTag, method);
            if (!string.IsNullOrEmpty(id))
            {
                activity.SetTag(ObjectIdTag, id);
            }
        }

        return activity;
    }

    private Exception? Translate(Exception error, string method, string? id, Activity? activity)
    {
        var translated = PodmanErrors.Translate(error, method);
        if (translated is null)
        {
            return null;
        }

        activity?.SetStatus(ActivityStatusCode.Error, translated.Message);
        if (translated is PodmanConnectionException)
        {
            _logger.LogWarning(error, "io.podman.{Method} ({Id}) failed: connection", method, id);
        }
        else
        {
            _logger.LogDebug("io.podman.{Method} ({Id}) answered {Error}", method, id, translated.Message);
        }

        return translated;
    }
}
