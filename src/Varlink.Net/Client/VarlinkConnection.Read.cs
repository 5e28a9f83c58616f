namespace Varlink;

public sealed partial class VarlinkConnection
{
    /// <summary>
    /// The one read loop: takes every complete frame out of each read, matches each reply to the call
    /// at the head of the FIFO, and tells a clean end of the connection from one inside a message.
    /// </summary>
    private async Task ReadLoopAsync()
    {
        var input = _channel.Input;
        var limits = _channel.Limits;
        long scanned = 0;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(_abort.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (FrameReader.TryReadFrame(ref buffer, ref scanned, limits.MaxMessageSize, out var frame))
                {
                    var reply = EnvelopeReader.ReadReply(frame, limits);
                    var call = TakeCall(reply);
                    if (call is IPendingUpgrade upgrade && reply.Error is null)
                    {
                        bool confirmed = upgrade.TryReadConfirmation(reply);
                        CountReceived(result.Buffer.Length - buffer.Length);
                        input.AdvanceTo(buffer.Start);
                        if (confirmed)
                        {
                            await DetachAsync(upgrade).ConfigureAwait(false);
                            return;
                        }

                        Close(new VarlinkProtocolException("The reply confirming an upgrade could not be read."), graceful: false);
                        return;
                    }

                    await call.OnReplyAsync(reply, _abort.Token).ConfigureAwait(false);
                }

                SendOwedCalls();
                CountReceived(result.Buffer.Length - buffer.Length);
                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    OnEndOfInput(buffer.Length);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Closed on purpose; the reason is already recorded.
        }
        catch (VarlinkException e)
        {
            Close(e, graceful: false);
        }
        catch (Exception e) when (_closedReason is not null)
        {
            // The stream was torn down under the read: the connection was already closed.
            _ = e;
        }
        catch (Exception e)
        {
            Close(new VarlinkConnectionException($"Reading from the varlink connection failed: {e.Message}", e), graceful: false);
        }
    }

    /// <summary>Reports the bytes of the frames just taken (counted here, not by wrapping the stream, so a socket keeps its receive thread).</summary>
    private static void CountReceived(long bytes)
    {
        if (bytes > 0)
        {
            VarlinkTelemetry.BytesReceived.Add(bytes);
        }
    }

    /// <summary>The call a reply belongs to: the head of the FIFO, removed when the reply is final.</summary>
    private PendingCall TakeCall(in ReplyEnvelope reply)
    {
        lock (_pending)
        {
            if (!_pending.TryPeek(out var call))
            {
                throw new VarlinkProtocolException("The service sent a reply while no call was waiting for one.");
            }

            if (reply.Continues && !call.WantsMore)
            {
                throw new VarlinkProtocolException("The service sent a reply with \"continues\" to a call made without \"more\".");
            }

            if (!reply.Continues)
            {
                _pending.Dequeue();
            }

            return call;
        }
    }

    private void OnEndOfInput(long unfinished)
    {
        if (unfinished > 0)
        {
            Close(FrameReader.TruncatedFrame(unfinished), graceful: false);
            return;
        }

        bool waiting;
        lock (_pending)
        {
            waiting = _pending.Count > 0;
        }

        var reason = new VarlinkConnectionException(waiting
            ? "The varlink service closed the connection before replying."
            : "The varlink service closed the connection.");
        Close(reason, graceful: !waiting);
    }

    private async Task DetachAsync(IPendingUpgrade upgrade)
    {
        Stream stream;
        try
        {
            stream = await _channel.DetachAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Close(new VarlinkConnectionException("Handing over the upgraded connection failed.", e), graceful: false);
            return;
        }

        _detached = true;
        Close(new VarlinkConnectionException("The varlink connection was upgraded to another protocol; it carries no more varlink calls."), graceful: true);
        upgrade.Complete(stream);
    }
}
