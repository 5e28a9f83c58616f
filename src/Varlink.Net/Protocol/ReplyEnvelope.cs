using System.Buffers;

namespace Varlink;

/// <summary>
/// A parsed reply: the error name (null on success), whether more replies follow, and the parameters
/// as the raw JSON object, a slice of the frame (empty when absent or null; both mean <c>{}</c>).
/// </summary>
internal readonly record struct ReplyEnvelope(string? Error, bool Continues, ReadOnlySequence<byte> Parameters);
