using System.Diagnostics.CodeAnalysis;

namespace Varlink;

/// <summary>
/// A varlink service: interfaces registered with their description (IDL) and a handler, served on any
/// number of listening addresses and single streams. <c>org.varlink.service</c> is built in.
/// </summary>
/// <remarks>
/// Connections are served concurrently; the calls of one connection are answered one at a time, in
/// the order they arrived. Before a handler runs, the server answers by itself
/// <c>InterfaceNotFound</c>, <c>MethodNotFound</c> and <c>InvalidParameter</c> (parameters checked
/// against the interface description); a handler that returns without replying gets
/// <c>MethodNotImplemented</c>. Only errors declared by the called interface or by
/// <c>org.varlink.service</c> are sent: a handler that throws anything else closes that connection
/// (reported through <see cref="VarlinkServerOptions.ConnectionFailed"/>). Malformed input closes only
/// the connection that sent it.
/// While a handler waits, the server goes on reading that connection (without taking its next call),
/// so a client that leaves is noticed at once: the token given to the handlers of its calls fires
/// (see <see cref="VarlinkMethodHandler"/>), and a <c>more</c> stream with nothing to send ends.
/// </remarks>
public sealed partial class VarlinkServer : IAsyncDisposable
{
    internal const string ServiceInterfaceName = "org.varlink.service";

    private readonly Dictionary<string, Registration> _interfaces = new(StringComparer.Ordinal);
    private readonly HashSet<Task> _connections = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();

    /// <summary>Creates a server.</summary>
    /// <param name="options">Who the server is and how it behaves; defaults when null.</param>
    public VarlinkServer(VarlinkServerOptions? options = null)
    {
        Options = options ?? new VarlinkServerOptions();
        _interfaces.Add(ServiceInterfaceName, new Registration(ServiceSchema, HandleServiceAsync, VarlinkInterfaceOptions.Default));
    }

    /// <summary>The options the server was created with.</summary>
    public VarlinkServerOptions Options { get; }

    internal static InterfaceSchema ServiceSchema { get; } = InterfaceSchema.Parse(ServiceInterfaceDescription.Text);

    /// <summary>
    /// Registers an interface. Calls to its methods go to <paramref name="handler"/>; its description
    /// is what GetInterfaceDescription returns and what incoming parameters are checked against.
    /// Register every interface before serving.
    /// </summary>
    /// <param name="interfaceDescription">The interface definition text (the <c>.varlink</c> file).</param>
    /// <param name="handler">Handles the calls to the interface's methods.</param>
    /// <param name="options">How the interface is served (strict or lenient parameters); <see cref="VarlinkInterfaceOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The interface is already registered.</exception>
    /// <exception cref="Idl.VarlinkIdlException">The description cannot be parsed (the exception gives the line and column).</exception>
    public void AddInterface(string interfaceDescription, VarlinkMethodHandler handler, VarlinkInterfaceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceDescription);
        Add(InterfaceSchema.Parse(interfaceDescription), handler, options);
    }

    /// <summary>Registers an interface from its parsed definition. See <see cref="AddInterface(string, VarlinkMethodHandler, VarlinkInterfaceOptions?)"/>.</summary>
    /// <param name="definition">The parsed interface definition; its <see cref="Idl.VarlinkInterfaceDefinition.Text"/> is what GetInterfaceDescription returns.</param>
    /// <param name="handler">Handles the calls to the interface's methods.</param>
    /// <param name="options">How the interface is served; <see cref="VarlinkInterfaceOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The interface is already registered.</exception>
    public void AddInterface(Idl.VarlinkInterfaceDefinition definition, VarlinkMethodHandler handler, VarlinkInterfaceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Add(InterfaceSchema.From(definition), handler, options);
    }

    private void Add(InterfaceSchema schema, VarlinkMethodHandler handler, VarlinkInterfaceOptions? options)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_interfaces)
        {
            if (!_interfaces.TryAdd(schema.Name, new Registration(schema, handler, options ?? VarlinkInterfaceOptions.Default)))
            {
                throw new ArgumentException($"The interface {schema.Name} is already registered.", nameof(schema));
            }
        }
    }

    /// <summary>
    /// Serves one connection over a connected duplex stream until the client closes it, it fails, or
    /// the server stops. The server owns the stream.
    /// </summary>
    /// <param name="stream">The connection's stream (for example a bridge's standard input and output).</param>
    /// <param name="cancellationToken">Stops serving this connection (closing it) when cancelled.</param>
    /// <returns>A task that completes when the connection has ended.</returns>
    public async Task ServeAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token, cancellationToken);
        var connection = new ServerConnection(this, stream, Options.Limits, _stopping.Token, linked.Token);
        var task = connection.RunAsync();
        Track(task);
        await task.ConfigureAwait(false);
    }

    /// <summary>
    /// Serves one connection whose two directions are separate streams, such as a process's standard
    /// input and output (a bridge or an <c>exec:</c> service). The server owns both streams.
    /// </summary>
    /// <param name="input">Where the calls come from.</param>
    /// <param name="output">Where the replies go.</param>
    /// <param name="cancellationToken">Stops serving this connection (closing it) when cancelled.</param>
    /// <returns>A task that completes when the connection has ended.</returns>
    public Task ServeAsync(Stream input, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        return ServeAsync(new DuplexStream(input, output), cancellationToken);
    }

    /// <summary>
    /// Stops the server gracefully: listeners close at once, each connection finishes the call it is
    /// handling and takes no new ones. When <paramref name="cancellationToken"/> fires first, handlers
    /// are cancelled and the remaining connections are closed.
    /// </summary>
    /// <param name="cancellationToken">Ends the grace period.</param>
    /// <returns>A task that completes when every connection has ended.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        _stopping.Cancel();
        StopListeners();
        Task all;
        lock (_connections)
        {
            all = Task.WhenAll(_connections);
        }

        try
        {
            await all.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _abort.Cancel();
            await all.ConfigureAwait(false);
        }
    }

    /// <summary>Stops the server, giving connections five seconds to finish their current call.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await StopAsync(grace.Token).ConfigureAwait(false);
    }

    /// <summary>Finds a registered interface by name; a span, so a call's method need not be split into new strings.</summary>
    internal bool TryGetInterface(ReadOnlySpan<char> name, [NotNullWhen(true)] out Registration? registration)
    {
        lock (_interfaces)
        {
            return _interfaces.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out registration);
        }
    }

    /// <summary>How many connections are being served (for tests).</summary>
    internal int ConnectionCount
    {
        get
        {
            lock (_connections)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Called each time a connection's input ends while a call runs (for tests, which order by it).</summary>
    internal Action? InputEnded { get; set; }

    /// <summary>Completes when every connection served now has ended (for tests).</summary>
    internal Task ConnectionsEndedAsync()
    {
        lock (_connections)
        {
            return Task.WhenAll(_connections);
        }
    }

    internal void ReportFailure(Exception exception)
    {
        try
        {
            Options.ConnectionFailed?.Invoke(exception);
        }
        catch (Exception)
        {
            // A reporting callback must not take the server down.
        }
    }

    private void Track(Task connection)
    {
        lock (_connections)
        {
            _connections.Add(connection);
        }

        connection.ContinueWith(
            static (task, state) =>
            {
                var set = (HashSet<Task>)state!;
                lock (set)
                {
                    set.Remove(task);
                }
            },
            _connections,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void StartConnection(Stream stream)
    {
        var connection = new ServerConnection(this, stream, Options.Limits, _stopping.Token, _abort.Token);
        Track(Task.Run(connection.RunAsync));
    }

    internal sealed record Registration(InterfaceSchema Schema, VarlinkMethodHandler Handler, VarlinkInterfaceOptions Options);
}
