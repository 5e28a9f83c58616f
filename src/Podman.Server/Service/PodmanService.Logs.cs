using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Podman.Server.Libpod;
using Podman.Varlink;
using Varlink;

namespace Podman.Server.Service;

/// <summary>
/// Logs: GetContainerLogs (k8s-file style lines) and GetContainersLogs (LogLine replies), from libpod's
/// logs endpoint (docker's multiplexed frames, always with timestamps), read as they arrive.
/// </summary>
internal sealed partial class PodmanService
{
    /// <summary>
    /// Without <c>more</c>: one reply with every line. With <c>more</c>: the lines so far and then each
    /// new one as its own reply; when the container stops (or was not running) it ends, as 1.9 did, with
    /// ErrorOccurred "&lt;id&gt; is no longer running" — except for a never-started container, which gets
    /// one final reply at once. Lines are 1.9's: <c>&lt;time&gt; &lt;stdout|stderr&gt; &lt;F|P&gt; &lt;text&gt;</c>.
    /// </summary>
    protected override async IAsyncEnumerable<IReadOnlyList<string>> GetContainerLogsAsync(string name, VarlinkCall call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        LibpodContainerInspect inspect;
        try
        {
            (inspect, _) = await InspectOrNotFoundAsync(name, false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e, name);
        }

        bool follow = call.WantsMore && inspect.State.Status != "created";
        var lines = new List<string>();
        await using (var frames = _libpod.LogsAsync(inspect.Id, follow, cancellationToken: cancellationToken).GetAsyncEnumerator(cancellationToken))
        {
            while (true)
            {
                LogFrame frame;
                try
                {
                    if (!await frames.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    frame = frames.Current;
                }
                catch (Exception e) when (IsFailure(e))
                {
                    throw Failure(e, name);
                }

                var line = LogLineText(frame);
                if (follow)
                {
                    await call.ReplyAsync(new GetContainerLogsReply { Container = [line] }, PodmanJsonContext.GetContainerLogsReply, continues: true, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    lines.Add(line);
                }
            }
        }

        if (follow)
        {
            throw new ErrorOccurredException($"{inspect.Id} is no longer running");
        }

        yield return lines;
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
    protected override async IAsyncEnumerable<LogLine> GetContainersLogsAsync(IReadOnlyList<string> names, bool follow, bool latest, string since, long tail, bool timestamps, VarlinkCall call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IReadOnlyList<string> ids;
        try
        {
            ids = await GetContainersByContextAsync(false, latest, names ?? [], call, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }

        var tailText = tail >= 0 ? tail.ToString(CultureInfo.InvariantCulture) : null;
        var sinceText = string.IsNullOrEmpty(since) || since == GoTime.Zero ? null : since;
        var channel = Channel.CreateBounded<LogLine>(new BoundedChannelOptions(64) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var readers = ids.Select(id => ReadLogLinesAsync(id, follow && call.WantsMore, tailText, sinceText, channel.Writer, stop.Token)).ToArray();
        var done = Task.WhenAll(readers).ContinueWith(t => channel.Writer.TryComplete(t.Exception?.InnerException), TaskScheduler.Default);
        try
        {
            while (true)
            {
                LogLine line;
                try
                {
                    if (!await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        break;
                    }

                    if (!channel.Reader.TryRead(out line!))
                    {
                        continue;
                    }
                }
                catch (Exception e) when (IsFailure(e))
                {
                    throw Failure(e);
                }

                if (!call.WantsMore)
                {
                    yield return line;
                    yield break;
                }

                await call.ReplyAsync(new GetContainersLogsReply { Log = line }, PodmanJsonContext.GetContainersLogsReply, continues: true, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await done.ConfigureAwait(false);
        }

        yield return new LogLine { Device = "", ParseLogType = "", Time = "", Msg = "", Cid = "" };
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
