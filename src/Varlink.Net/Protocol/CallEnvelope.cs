using System.Buffers;

namespace Varlink;

/// <summary>
/// A parsed call: the method, its flags, and its parameters as the raw JSON object, a slice of the
/// frame (empty when the parameters were absent or null; both mean <c>{}</c>).
/// </summary>
internal readonly record struct CallEnvelope(string Method, CallFlags Flags, ReadOnlySequence<byte> Parameters);
