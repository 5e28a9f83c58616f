using System.Globalization;
using System.Threading.Channels;
using Podman.Server.Libpod;
using Podman.Varlink;
using Varlink;

namespace Podman.Server.Service;

/// <summary>
/// Logs: GetContainerLogs (k8s-file style lines) and GetContainersLogs (LogLine replies), from libpod's
/// logs endpoint (docker's multiplexed frames, always with timestamps), read and sent as they arrive.
/// </summary>
internal sealed partial class PodmanService
{
    /// <summary>
    /// Without <c>more</c>: one reply with every line. With <c>more</c>: each line as its own reply as it
    /// arrives; when the container stops (or was not running) it ends, as 1.9 did, with ErrorOccurred
    /// "&lt;id&gt; is no longer running" — except for a never-started container, which gets one final
    /// reply at once. Lines are 1.9's: <c>&lt;time&gt; &lt;stdout|stderr&gt; &lt;F|P&gt; &lt;text&gt;</c>.
    /// </summary>
    protected override async ValueTask GetContainerLogsAsync(string name, VarlinkReplyWriter<IReadOnlyList<string>> replies, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            var (inspect, _) = await InspectOrNotFoundAsync(name, false, cancellationToken).ConfigureAwait(false);
            bool follow = replies.WantsMore && inspect.State.Status != "created";
            var lines = new List<string>();
            await foreach (var frame in _libpod.LogsAsync(inspect.Id, follow, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (follow)
                {
                    await replies.WriteAsync([LogLineText(frame)], cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    lines.Add(LogLineText(frame));
                }
            }

            if (follow)
            {
                throw new ErrorOccurredException($"{inspect.Id} is no longer running");
            }

            await replies.WriteAsync(lines, last: true, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client has gone: the REST stream is already closed.
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, name);
        }
    }

    /// <summary>A frame as a line of a k8s-file log, which 1.9 returned raw: time, stream, full or partial, text.</summary>
    internal static string LogLineText(LogFrame frame)
    {
        var (time, text, full) = SplitFrame(frame.Payload);
        return $"{time} {(frame.Stream == LogStream.Stderr ? "stderr" : "stdout")} {(full ? "F" : "P")} {text}";
    }

    /// <summary>A payload <c>&lt;RFC 3339&gt; &lt;text&gt;[\n]</c> → its time, its text without the newline, and whether the line was whole.</summary>
    private static (string Time, string Text, bool Full) SplitFrame(string payload)
    {
        var full = payload.EndsWith('\n');
        var body = full ? payload[..^1] : payload;
        var space = body.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (body, "", full) : (body[..space], body[(space + 1)..], full);
    }

    /// <summary>
    /// podman-remote's <c>logs</c>: every named container's lines as LogLine replies, merged as they
    /// arrive, then one empty LogLine as the end marker (without <c>more</c>: one reply, the first line).
    /// </summary>
    protected override async ValueTask GetContainersLogsAsync(IReadOnlyList<string> names, bool follow, bool latest, string since, long tail, bool timestamps, VarlinkReplyWriter<LogLine> replies, VarlinkCall call, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task? readers = null;
        try
        {
            var ids = await GetContainersByContextAsync(false, latest, names ?? [], call, cancellationToken).ConfigureAwait(false);
            var tailText = tail >= 0 ? tail.ToString(CultureInfo.InvariantCulture) : null;
            var sinceText = string.IsNullOrEmpty(since) || since == GoTime.Zero ? null : since;
            var channel = Channel.CreateBounded<LogLine>(new BoundedChannelOptions(64) { SingleReader = true });
            readers = Task.WhenAll(ids.Select(id => ReadLogLinesAsync(id, follow && replies.WantsMore, tailText, sinceText, channel.Writer, stop.Token)))
                .ContinueWith(t => channel.Writer.TryComplete(t.Exception?.InnerException), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            await foreach (var line in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!await replies.WriteAsync(line, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }

            await replies.WriteAsync(new LogLine { Device = "", ParseLogType = "", Time = "", Msg = "", Cid = "" }, last: true, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client has gone: the REST streams close with the token.
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            if (readers is not null)
            {
                await readers.ConfigureAwait(false);
            }
        }
    }

    private async Task ReadLogLinesAsync(string id, bool follow, string? tail, string? since, ChannelWriter<LogLine> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in _libpod.LogsAsync(id, follow, tail, since, cancellationToken).ConfigureAwait(false))
            {
                var (time, text, full) = SplitFrame(frame.Payload);
                await writer.WriteAsync(
                    new LogLine
                    {
                        Device = frame.Stream == LogStream.Stderr ? "stderr" : "stdout",
                        ParseLogType = full ? "F" : "P",
                        Time = GoTime.ToNano(time),
                        Msg = text,
                        Cid = id,
                    },
                    cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
