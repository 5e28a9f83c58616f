using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Varlink;

/// <summary>The call's parameters: raw bytes until a handler asks for them typed or as a document.</summary>
public sealed partial class VarlinkCall
{
    private static readonly ReadOnlySequence<byte> EmptyObjectBytes = new("{}"u8.ToArray());
    private static readonly JsonElement EmptyObject = JsonDocument.Parse(EmptyObjectBytes).RootElement;

    // The parameters object as received (a slice of the frame, or of a copy for upgrade calls);
    // empty when absent or null.
    private readonly ReadOnlySequence<byte> _parameters;
    private readonly int _maxDepth;

    // The interface decodes parameters leniently (VarlinkInterfaceOptions.LenientParameters).
    private readonly bool _lenient;
    private JsonDocument? _document;
    private bool _released;

    /// <summary>
    /// The call's parameters, a JSON object (<c>{}</c> when the call had none), parsed into a document
    /// the first time it is read. Typed handlers should prefer <see cref="GetParameters{T}(JsonTypeInfo{T})"/>,
    /// which does not build one. See remarks for its lifetime.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The handler's task has completed.</exception>
    public JsonElement Parameters
    {
        get
        {
            ThrowIfReleased();
            if (_parameters.IsEmpty)
            {
                return EmptyObject;
            }

            return (Volatile.Read(ref _document) ?? ParseDocument()).RootElement;
        }
    }

    /// <summary>
    /// Reads the parameters as <typeparamref name="T"/>, straight from the received bytes. For an
    /// interface registered with <see cref="VarlinkInterfaceOptions.LenientParameters"/>, the readers
    /// Varlink.Net.Generator makes read missing fields and nulls as zero values.
    /// </summary>
    /// <typeparam name="T">The parameters type.</typeparam>
    /// <param name="typeInfo">How to read it (source-generated metadata).</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="VarlinkRemoteException"><c>org.varlink.service.InvalidParameter</c> when they do not fit.</exception>
    /// <exception cref="ObjectDisposedException">The handler's task has completed.</exception>
    public T GetParameters<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        ThrowIfReleased();

        // Read across the receive segments as they are. A string that spans segments is copied into a
        // temporary array by the reader; joining the frame into a pooled array first would save that
        // garbage, but the pool then keeps a power-of-two array per thread, which measured worse for
        // peak memory (benchmarks/README.md, "Server peak RSS").
        var reader = new Utf8JsonReader(_parameters.IsEmpty ? EmptyObjectBytes : _parameters, new JsonReaderOptions { MaxDepth = _maxDepth });
        bool lenient = Generated.VarlinkJson.BeginLenient(_lenient);
        try
        {
            return JsonSerializer.Deserialize(ref reader, typeInfo)!;
        }
        catch (JsonException e)
        {
            throw new VarlinkRemoteException(
                VarlinkServiceErrors.InvalidParameter,
                VarlinkServiceErrors.ObjectWith("parameter", ParameterFromPath(e.Path)),
                innerException: e);
        }
        finally
        {
            Generated.VarlinkJson.EndLenient(lenient);
        }
    }

    /// <summary>Whether <see cref="Parameters"/> has been parsed into a document (and not yet released).</summary>
    internal bool HasParametersDocument => Volatile.Read(ref _document) is not null;

    /// <summary>Ends the parameters' lifetime: called when the handler's task has completed, before the bytes go away.</summary>
    internal void ReleaseParameters()
    {
        _released = true;
        Interlocked.Exchange(ref _document, null)?.Dispose();
    }

    private JsonDocument ParseDocument()
    {
        var parsed = JsonDocument.Parse(_parameters, new JsonDocumentOptions { MaxDepth = _maxDepth });

        // Reading Parameters from two threads at once builds one document that both get.
        var existing = Interlocked.CompareExchange(ref _document, parsed, null);
        if (existing is null)
        {
            return parsed;
        }

        parsed.Dispose();
        return existing;
    }

    private void ThrowIfReleased()
    {
        if (_released)
        {
            throw new ObjectDisposedException(nameof(VarlinkCall), $"The parameters of {Method} were valid only until its handler's task completed; clone what must outlive it.");
        }
    }

    private static string ParameterFromPath(string? path)
    {
        // "$.name" or "$.name.inner" or "$['name']": the top-level field the error is in.
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return string.Empty;
        }

        var rest = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        if (rest.StartsWith("['", StringComparison.Ordinal))
        {
            int end = rest.IndexOf("']", StringComparison.Ordinal);
            return end > 2 ? rest[2..end] : rest;
        }

        int stop = rest.IndexOfAny(['.', '[']);
        return stop < 0 ? rest : rest[..stop];
    }
}
