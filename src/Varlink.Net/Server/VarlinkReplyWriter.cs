using System.Text.Json.Serialization.Metadata;

namespace Varlink;

/// <summary>
/// Sends the replies of a streaming call one by one, as they are made: each goes out with
/// <c>continues</c> except the one written with <c>last: true</c>. Nothing is held back to find out
/// whether another reply follows — the handler says which reply is the last.
/// </summary>
/// <typeparam name="T">The type of one reply (for generated code, the item of the method's single reply field).</typeparam>
/// <remarks>
/// <para>
/// A call made without <c>more</c> takes one reply: the first write is sent as the final reply and
/// returns false, so a loop writing replies ends there. A stream that never ends by itself (events,
/// followed logs) writes with <c>last: false</c> until its client leaves: then the handler's
/// cancellation token fires and the handler just returns (nothing more is sent, nothing is reported).
/// A stream that learns it has ended only after its last item (a log read to its end) either keeps
/// one item back, or uses <see cref="WriteAllAsync"/>, which does exactly that.
/// </para>
/// <para>One write at a time: the methods are not safe to call concurrently.</para>
/// </remarks>
public sealed class VarlinkReplyWriter<T>
{
    private readonly VarlinkCall _call;
    private readonly Func<VarlinkCall, T, bool, CancellationToken, ValueTask> _send;

    /// <summary>Creates a writer that sends each reply as <typeparamref name="T"/> with <paramref name="typeInfo"/>.</summary>
    /// <param name="call">The call to answer.</param>
    /// <param name="typeInfo">How to write a reply (source-generated metadata).</param>
    public VarlinkReplyWriter(VarlinkCall call, JsonTypeInfo<T> typeInfo)
        : this(call, Send(typeInfo ?? throw new ArgumentNullException(nameof(typeInfo))))
    {
    }

    private VarlinkReplyWriter(VarlinkCall call, Func<VarlinkCall, T, bool, CancellationToken, ValueTask> send)
    {
        ArgumentNullException.ThrowIfNull(call);
        _call = call;
        _send = send;
    }

    /// <summary>Whether the client asked for <c>more</c>; without it, the first reply is the only one.</summary>
    public bool WantsMore => _call.WantsMore;

    /// <summary>Whether the final reply has been sent: nothing more may be written.</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>
    /// Creates a writer whose items are wrapped into the method's reply type before they are sent
    /// (what the generated server base uses for a method with one reply field).
    /// </summary>
    /// <typeparam name="TReply">The reply type on the wire.</typeparam>
    /// <param name="call">The call to answer.</param>
    /// <param name="typeInfo">How to write a reply.</param>
    /// <param name="wrap">Makes the reply of one item.</param>
    /// <returns>The writer.</returns>
    public static VarlinkReplyWriter<T> Create<TReply>(VarlinkCall call, JsonTypeInfo<TReply> typeInfo, Func<T, TReply> wrap)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        ArgumentNullException.ThrowIfNull(wrap);
        return new VarlinkReplyWriter<T>(call, (c, item, continues, token) => c.ReplyAsync(wrap(item), typeInfo, continues, token));
    }

    /// <summary>
    /// Sends one reply now: with <c>continues</c> unless <paramref name="last"/> is set or the call was
    /// made without <c>more</c>.
    /// </summary>
    /// <param name="reply">The reply.</param>
    /// <param name="last">Whether this is the final reply.</param>
    /// <param name="cancellationToken">Cancels waiting for room in the send buffer.</param>
    /// <returns>True when more replies may follow; false once the final reply has been sent.</returns>
    /// <exception cref="InvalidOperationException">The final reply was already sent.</exception>
    public async ValueTask<bool> WriteAsync(T reply, bool last = false, CancellationToken cancellationToken = default)
    {
        if (IsCompleted)
        {
            throw new InvalidOperationException($"The final reply of {_call.Method} was already sent.");
        }

        bool continues = !last && _call.WantsMore;
        IsCompleted = !continues;
        await _send(_call, reply, continues, cancellationToken).ConfigureAwait(false);
        return continues;
    }

    /// <summary>
    /// Sends the replies of a finite sequence, the last one marked as final: each item is sent when
    /// the next one exists (or the sequence ends), so an item is held back while the sequence waits.
    /// For a sequence that waits between items, use <see cref="WriteAsync"/> per item instead.
    /// </summary>
    /// <param name="replies">The replies.</param>
    /// <param name="cancellationToken">Cancels the enumeration and the writes.</param>
    /// <returns>True when the final reply was sent; false when the sequence was empty (nothing sent).</returns>
    /// <exception cref="InvalidOperationException">The final reply was already sent.</exception>
    public async ValueTask<bool> WriteAllAsync(IAsyncEnumerable<T> replies, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(replies);
        var items = replies.GetAsyncEnumerator(cancellationToken);
        await using (items.ConfigureAwait(false))
        {
            if (!await items.MoveNextAsync().ConfigureAwait(false))
            {
                return false;
            }

            var current = items.Current;
            while (await items.MoveNextAsync().ConfigureAwait(false))
            {
                if (!await WriteAsync(current, last: false, cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }

                current = items.Current;
            }

            await WriteAsync(current, last: true, cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    private static Func<VarlinkCall, T, bool, CancellationToken, ValueTask> Send(JsonTypeInfo<T> typeInfo) =>
        (call, reply, continues, token) => call.ReplyAsync(reply, typeInfo, continues, token);
}
