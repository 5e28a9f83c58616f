using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Varlink;

/// <summary>
/// One call received by a <see cref="VarlinkServer"/>, and the way to answer it.
/// </summary>
/// <remarks>
/// A call is answered with one <see cref="ReplyAsync(JsonElement, bool, CancellationToken)"/> (or an
/// error, thrown as <see cref="VarlinkRemoteException"/>); a call made with <c>more</c> may first get
/// any number of replies with <c>continues</c>. Replies to a <c>oneway</c> call are dropped, as the
/// protocol requires. One reply at a time: the methods are not safe to call concurrently.
/// The parameters stay as the received bytes: <see cref="GetParameters{T}(JsonTypeInfo{T})"/> reads
/// them straight from there, and <see cref="Parameters"/> parses them into a document only when it is
/// first read. Both are valid only until the handler's task completes (afterwards they throw
/// <see cref="ObjectDisposedException"/>); <see cref="JsonElement.Clone"/> the element to keep it longer.
/// </remarks>
public sealed partial class VarlinkCall
{
    private readonly ServerConnection _connection;
    private readonly string _interface;
    private bool _final;
    private bool _continued;

    internal VarlinkCall(ServerConnection connection, string method, string interfaceName, string methodName, CallFlags flags, ReadOnlySequence<byte> parameters, int maxDepth, bool lenient)
    {
        _lenient = lenient;
        _connection = connection;
        Method = method;
        _interface = interfaceName;
        MethodName = methodName;
        Flags = flags;
        _parameters = parameters;
        _maxDepth = maxDepth;
    }

    /// <summary>The fully-qualified method name, for example <c>org.example.ftl.Monitor</c>.</summary>
    public string Method { get; }

    /// <summary>The interface part of <see cref="Method"/>.</summary>
    public string InterfaceName => _interface;

    /// <summary>The method part of <see cref="Method"/>, for example <c>Monitor</c>.</summary>
    public string MethodName { get; }

    /// <summary>Whether the client asked for <c>more</c>: replies may carry <c>continues</c>.</summary>
    public bool WantsMore => (Flags & CallFlags.More) != 0;

    /// <summary>Whether the call is <c>oneway</c>: nothing is sent back, not even errors.</summary>
    public bool IsOneway => (Flags & CallFlags.Oneway) != 0;

    /// <summary>Whether the client asked for <c>upgrade</c>: confirm with <see cref="UpgradeAsync(JsonElement, CancellationToken)"/>.</summary>
    public bool WantsUpgrade => (Flags & CallFlags.Upgrade) != 0;

    internal CallFlags Flags { get; }

    internal bool IsAnswered => _final;

    internal bool HasContinued => _continued;

    internal bool IsUpgraded { get; private set; }

    /// <summary>Sends a reply with untyped parameters.</summary>
    /// <param name="parameters">The reply parameters, a JSON object; <c>default</c> sends none.</param>
    /// <param name="continues">True when more replies follow (only for calls made with <c>more</c>).</param>
    /// <param name="cancellationToken">Cancels waiting for room in the send buffer.</param>
    /// <returns>A task that completes when the reply is queued for sending.</returns>
    /// <exception cref="InvalidOperationException">The call was already answered, or <paramref name="continues"/> without <c>more</c>.</exception>
    public ValueTask ReplyAsync(JsonElement parameters = default, bool continues = false, CancellationToken cancellationToken = default)
        => ReplyAsync(parameters, VarlinkJsonContext.Default.JsonElement, continues, cancellationToken);

    /// <summary>Sends a reply with typed parameters.</summary>
    /// <typeparam name="T">The reply type.</typeparam>
    /// <param name="parameters">The reply parameters.</param>
    /// <param name="typeInfo">How to write them (source-generated metadata).</param>
    /// <param name="continues">True when more replies follow (only for calls made with <c>more</c>).</param>
    /// <param name="cancellationToken">Cancels waiting for room in the send buffer.</param>
    /// <returns>A task that completes when the reply is queued for sending.</returns>
    /// <exception cref="InvalidOperationException">The call was already answered, or <paramref name="continues"/> without <c>more</c>.</exception>
    public ValueTask ReplyAsync<T>(T parameters, JsonTypeInfo<T> typeInfo, bool continues = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (parameters is JsonElement element && element.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            throw new ArgumentException("Varlink reply parameters must be a JSON object.", nameof(parameters));
        }

        BeginReply(continues);
        return IsOneway ? default : _connection.WriteReplyAsync(parameters, typeInfo, continues, cancellationToken);
    }

    /// <summary>
    /// Sends an error reply. The error must be declared by the called interface or be one of
    /// <see cref="VarlinkServiceErrors"/>. Throwing a <see cref="VarlinkRemoteException"/> from the
    /// handler does the same.
    /// </summary>
    /// <param name="errorName">The fully-qualified error name.</param>
    /// <param name="parameters">The error parameters, a JSON object; <c>default</c> sends none.</param>
    /// <param name="cancellationToken">Cancels waiting for room in the send buffer.</param>
    /// <returns>A task that completes when the reply is queued for sending.</returns>
    /// <exception cref="ArgumentException">The error is not declared.</exception>
    public ValueTask ReplyErrorAsync(string errorName, JsonElement parameters = default, CancellationToken cancellationToken = default)
    {
        if (!_connection.IsDeclaredError(_interface, errorName))
        {
            throw new ArgumentException($"The error {errorName} is declared neither by {_interface} nor by org.varlink.service; only declared errors may be sent.", nameof(errorName));
        }

        BeginFinalReply();
        return IsOneway ? default : _connection.WriteErrorAsync(errorName, parameters, cancellationToken);
    }

    /// <summary>
    /// Confirms an <c>upgrade</c> call with a reply and takes over the connection: the returned stream
    /// carries the custom protocol. Bytes the client sent after its call are read first. The server
    /// closes the connection when the handler's task completes.
    /// </summary>
    /// <param name="parameters">The confirming reply's parameters; <c>default</c> sends none.</param>
    /// <param name="cancellationToken">Cancels waiting for the reply to be sent.</param>
    /// <returns>The raw duplex stream of the connection.</returns>
    /// <exception cref="InvalidOperationException">The call was not made with <c>upgrade</c>, or was already answered.</exception>
    public async Task<Stream> UpgradeAsync(JsonElement parameters = default, CancellationToken cancellationToken = default)
    {
        if (!WantsUpgrade)
        {
            throw new InvalidOperationException("The call was not made with \"upgrade\".");
        }

        BeginFinalReply();
        await _connection.WriteReplyAsync(parameters, VarlinkJsonContext.Default.JsonElement, false, cancellationToken).ConfigureAwait(false);
        IsUpgraded = true;
        return await _connection.DetachAsync().ConfigureAwait(false);
    }

    private void BeginReply(bool continues)
    {
        if (continues)
        {
            if (!WantsMore)
            {
                throw new InvalidOperationException("A reply may carry \"continues\" only when the call was made with \"more\".");
            }

            if (_final)
            {
                throw new InvalidOperationException("The call was already answered.");
            }

            _continued = true;
            return;
        }

        BeginFinalReply();
    }

    private void BeginFinalReply()
    {
        if (_final)
        {
            throw new InvalidOperationException("The call was already answered.");
        }

        _final = true;
    }
}
