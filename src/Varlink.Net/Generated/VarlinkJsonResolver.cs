using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Varlink.Generated;

/// <summary>
/// The JSON metadata resolver of a generated interface: each type is added with its generated
/// read and write functions, and gets a <see cref="VarlinkJsonConverter{T}"/> (no reflection,
/// NativeAOT-safe).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class VarlinkJsonResolver : IJsonTypeInfoResolver
{
    private readonly Dictionary<Type, Func<JsonSerializerOptions, JsonTypeInfo>> _types = [];

    /// <summary>Adds a generated type.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="read">Reads a value.</param>
    /// <param name="write">Writes a value.</param>
    /// <param name="lenient">Whether reading is lenient (see <see cref="VarlinkJsonConverter{T}"/>).</param>
    /// <returns>This resolver.</returns>
    public VarlinkJsonResolver Add<T>(VarlinkJsonReader<T> read, Action<Utf8JsonWriter, T> write, bool lenient = false)
    {
        var converter = new VarlinkJsonConverter<T>(read, write, lenient);
        _types.Add(typeof(T), options => JsonMetadataServices.CreateValueInfo<T>(options, converter));
        return this;
    }

    /// <inheritdoc/>
    public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options) =>
        _types.TryGetValue(type, out var create) ? create(options) : null;
}
