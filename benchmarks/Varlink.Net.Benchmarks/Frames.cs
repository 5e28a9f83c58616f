using System.Buffers;
using System.Text;

namespace Varlink.Benchmarks;

/// <summary>The wire bytes the benchmarks feed to the readers: the same messages as org.example.bench.</summary>
internal static class Frames
{
    public static readonly byte[] PingCall = Encoding.UTF8.GetBytes("""{"method":"org.example.bench.Ping","parameters":{"ping":"ping"}}""");

    public static readonly byte[] PingReply = Encoding.UTF8.GetBytes("""{"parameters":{"pong":"ping"}}""");

    public static readonly byte[] StreamReply = Encoding.UTF8.GetBytes("""{"parameters":{"data":"xxxxxxxxxxxxxxxx"},"continues":true}""");

    /// <summary><paramref name="count"/> copies of <paramref name="frame"/>, each followed by its NUL.</summary>
    public static byte[] Repeat(byte[] frame, int count)
    {
        var bytes = new byte[(frame.Length + 1) * count];
        for (var i = 0; i < count; i++)
        {
            frame.CopyTo(bytes, i * (frame.Length + 1));
        }

        return bytes;
    }

    /// <summary>The bytes as a sequence of segments of <paramref name="segmentSize"/> bytes, as a pipe hands them over.</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] bytes, int segmentSize)
    {
        Segment? first = null, last = null;
        for (var offset = 0; offset < bytes.Length; offset += segmentSize)
        {
            var memory = bytes.AsMemory(offset, Math.Min(segmentSize, bytes.Length - offset));
            var segment = new Segment(memory, last?.RunningIndex + last?.Memory.Length ?? 0);
            if (last is null)
            {
                first = segment;
            }
            else
            {
                last.SetNext(segment);
            }

            last = segment;
        }

        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void SetNext(Segment next) => Next = next;
    }
}
