using System.ComponentModel;
using System.Text;
using System.Text.Json;

namespace Varlink.Generated;

/// <summary>
/// The field names of one generated record (or the member names of one generated enum), for the
/// code that Varlink.Net.Generator emits: it finds which field a property is, checks that required
/// fields are present, and reads and writes enum members. A name starting with <c>?</c> is an
/// optional (nullable) field.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class VarlinkFields
{
    private readonly byte[][] _utf8;
    private readonly string[] _names;
    private readonly JsonEncodedText[] _encoded;
    private readonly bool[] _required;

    /// <summary>Creates the set from the wire names in declaration order (<c>?name</c>: optional).</summary>
    /// <param name="names">The names.</param>
    public VarlinkFields(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _names = new string[names.Length];
        _utf8 = new byte[names.Length][];
        _encoded = new JsonEncodedText[names.Length];
        _required = new bool[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            var optional = names[i].StartsWith('?');
            _names[i] = optional ? names[i].Substring(1) : names[i];
            _required[i] = !optional;
            _utf8[i] = Encoding.UTF8.GetBytes(_names[i]);
            _encoded[i] = JsonEncodedText.Encode(_names[i]);
        }
    }

    /// <summary>The fields of a record without fields.</summary>
    public static VarlinkFields Empty { get; } = new();

    /// <summary>Reads a record and ignores its fields (for a record without fields).</summary>
    /// <param name="reader">The reader.</param>
    public void Skip(ref Utf8JsonReader reader)
    {
        var cursor = Start(ref reader);
        while (Next(ref reader, ref cursor))
        {
            reader.Skip();
        }
    }

    /// <summary>Starts reading a record: the reader must be on <c>{</c> (or, when lenient, on a null: no fields).</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The cursor to pass to <see cref="Next"/>.</returns>
    public VarlinkFieldCursor Start(ref Utf8JsonReader reader) =>
        new() { Open = VarlinkJson.ExpectObject(ref reader), Index = -1, SeenHigh = _names.Length > 64 ? new bool[_names.Length] : null };

    /// <summary>
    /// Moves to the value of the next known field, skipping unknown ones. At the record's end, a
    /// required field that was absent fails, unless reading leniently.
    /// </summary>
    /// <param name="reader">The reader.</param>
    /// <param name="cursor">The cursor; its <see cref="VarlinkFieldCursor.Field"/> is the field's index.</param>
    /// <returns>True on a field's value; false at the record's end.</returns>
    /// <exception cref="JsonException">A required field is missing.</exception>
    public bool Next(ref Utf8JsonReader reader, ref VarlinkFieldCursor cursor)
    {
        while (cursor.Open)
        {
            if (!VarlinkJson.NextProperty(ref reader))
            {
                cursor.Open = false;
                CheckRequired(cursor);
                break;
            }

            var index = Find(ref reader, cursor.Index + 1);
            if (index < 0)
            {
                VarlinkJson.SkipProperty(ref reader);
                continue;
            }

            VarlinkJson.Advance(ref reader);
            cursor.Index = index;
            if (index < 64)
            {
                cursor.Seen |= 1UL << index;
            }
            else
            {
                cursor.SeenHigh![index] = true;
            }

            return true;
        }

        return false;
    }

    /// <summary>Reads a record of one field (the only name of this set).</summary>
    /// <typeparam name="T">The field's type.</typeparam>
    /// <param name="reader">The reader.</param>
    /// <param name="read">Reads the field's value.</param>
    /// <returns>The value; <c>default</c> when absent (and reading leniently, or the field is optional).</returns>
    /// <exception cref="JsonException">The field is required and missing.</exception>
    public T ReadSingle<T>(ref Utf8JsonReader reader, VarlinkJsonReader<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        T value = default!;
        var cursor = Start(ref reader);
        while (Next(ref reader, ref cursor))
        {
            value = read(ref reader);
        }

        return value;
    }

    private void CheckRequired(in VarlinkFieldCursor cursor)
    {
        if (VarlinkJson.IsLenient)
        {
            return;
        }

        for (var i = 0; i < _names.Length; i++)
        {
            var seen = i < 64 ? (cursor.Seen & (1UL << i)) != 0 : cursor.SeenHigh![i];
            if (_required[i] && !seen)
            {
                throw VarlinkJson.MissingField(_names[i]);
            }
        }
    }

    /// <summary>Reads an enum member: its index in the names (a lenient null reads as the first).</summary>
    /// <param name="reader">The reader, on the value.</param>
    /// <returns>The member's index.</returns>
    public int ReadEnum(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var index = Find(ref reader, 0);
            if (index >= 0)
            {
                return index;
            }
        }

        return VarlinkJson.IsLenientNull(ref reader) ? 0 : throw VarlinkJson.UnknownEnumValue(ref reader);
    }

    /// <summary>Writes an enum member by its index.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="index">The member's index.</param>
    public void WriteEnum(Utf8JsonWriter writer, int index)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfNegative(index, "value");
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _names.Length, "value");
        writer.WriteStringValue(_encoded[index]);
    }

    // Fields usually arrive in declaration order: start looking after the last one found.
    private int Find(ref Utf8JsonReader reader, int start)
    {
        var count = _utf8.Length;
        for (var n = 0; n < count; n++)
        {
            var i = start + n;
            if (i >= count)
            {
                i -= count;
            }

            if (reader.ValueTextEquals(_utf8[i]))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>Where reading a generated record is (see <see cref="VarlinkFields"/>).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct VarlinkFieldCursor
{
    internal bool Open;
    internal int Index;
    internal ulong Seen;
    internal bool[]? SeenHigh;

    /// <summary>The index of the field whose value the reader is on.</summary>
    public readonly int Field => Index;
}
