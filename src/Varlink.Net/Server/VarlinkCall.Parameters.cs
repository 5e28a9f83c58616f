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
    private JsonDocument? _document;
    private byte[]? _joined;
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

    /// <summary>Reads the parameters as <typeparamref name="T"/>, straight from the received bytes.</summary>
    /// <typeparam name="T">The parameters type.</typeparam>
    /// <param name="typeInfo">How to read it (source-generated metadata).</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="VarlinkRemoteException"><c>org.varlink.service.InvalidParameter</c> when they do not fit.</exception>
    /// <exception cref="ObjectDisposedException">The handler's task has completed.</exception>
    public T GetParameters<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        ThrowIfReleased();
        var reader = new Utf8JsonReader(Contiguous().Span, new JsonReaderOptions { MaxDepth = _maxDepth });
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
    }

    /// <summary>Whether <see cref="Parameters"/> has been parsed into a document (and not yet released).</summary>
    internal bool HasParametersDocument => Volatile.Read(ref _document) is not null;

    /// <summary>Ends the parameters' lifetime: called when the handler's task has completed, before the bytes go away.</summary>
    internal void ReleaseParameters()
    {
        _released = true;
        Interlocked.Exchange(ref _document, null)?.Dispose();
        if (Interlocked.Exchange(ref _joined, null) is { } joined)
        {
            ArrayPool<byte>.Shared.Return(joined);
        }
    }

    /// <summary>
    /// The parameters in one piece. A frame that arrived in several reads spans several buffer
    /// segments: reading a value across them would copy it into a new array (a 1 MiB string would
    /// cost a 1 MiB temporary), so they are joined once into a pooled array, returned on release.
    /// </summary>
    private ReadOnlyMemory<byte> Contiguous()
    {
        if (_parameters.IsEmpty)
        {
            return EmptyObjectBytes.First;
        }

        if (_parameters.IsSingleSegment)
        {
            return _parameters.First;
        }

        int length = checked((int)_parameters.Length);
        var joined = Volatile.Read(ref _joined);
        if (joined is null)
        {
            var rented = ArrayPool<byte>.Shared.Rent(length);
            _parameters.CopyTo(rented);
            joined = Interlocked.CompareExchange(ref _joined, rented, null) ?? rented;
            if (!ReferenceEquals(joined, rented))
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return joined.AsMemory(0, length);
    }

    private JsonDocument ParseDocument()
    {
        var parsed = JsonDocument.Parse(Contiguous(), new JsonDocumentOptions { MaxDepth = _maxDepth });

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
