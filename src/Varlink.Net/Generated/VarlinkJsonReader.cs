using System.Text.Json;

namespace Varlink.Generated;

/// <summary>Reads one JSON value of type <typeparamref name="T"/> at the reader's current token (for generated code).</summary>
/// <typeparam name="T">The value type.</typeparam>
/// <param name="reader">The reader, positioned on the value's first token; left on its last token.</param>
/// <returns>The value.</returns>
public delegate T VarlinkJsonReader<T>(ref Utf8JsonReader reader);
