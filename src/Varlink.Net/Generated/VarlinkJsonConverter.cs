using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Varlink.Generated;

/// <summary>
/// The converter of every generated type: it calls the type's generated read and write functions.
/// A lenient converter (replies of an interface generated with <c>VarlinkLenientReplies</c>) reads
/// nulls and missing fields as zero values, also in the records the value contains.
/// </summary>
/// <typeparam name="T">The generated type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class VarlinkJsonConverter<T> : JsonConverter<T>
{
    private readonly VarlinkJsonReader<T> _read;
    private readonly Action<Utf8JsonWriter, T> _write;
    private readonly bool _lenient;

    /// <summary>Creates the converter.</summary>
    /// <param name="read">Reads a value.</param>
    /// <param name="write">Writes a value.</param>
    /// <param name="lenient">Whether reading is lenient.</param>
    public VarlinkJsonConverter(VarlinkJsonReader<T> read, Action<Utf8JsonWriter, T> write, bool lenient)
    {
        _read = read ?? throw new ArgumentNullException(nameof(read));
        _write = write ?? throw new ArgumentNullException(nameof(write));
        _lenient = lenient;
    }

    /// <inheritdoc/>
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (!_lenient)
        {
            return _read(ref reader);
        }

        var previous = VarlinkJson.BeginLenient(true);
        try
        {
            return _read(ref reader);
        }
        finally
        {
            VarlinkJson.EndLenient(previous);
        }
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => _write(writer, value);
}
