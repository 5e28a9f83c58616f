using System.Buffers;
using BenchmarkDotNet.Attributes;

namespace Varlink.Benchmarks;

/// <summary>
/// Frame scanning: splitting a read buffer into NUL-terminated messages. Per frame, and it must not
/// allocate (the "zero bytes allocated per call in framing").
/// </summary>
[MemoryDiagnoser]
public class FramingBenchmarks
{
    private const int FramesPerBuffer = 100;
    private static readonly int Limit = ProtocolLimits.Default.MaxMessageSize;
    private ReadOnlySequence<byte> _contiguous;
    private ReadOnlySequence<byte> _segmented;
    private ReadOnlySequence<byte> _large;

    [GlobalSetup]
    public void Setup()
    {
        var replies = Frames.Repeat(Frames.StreamReply, FramesPerBuffer);
        _contiguous = new ReadOnlySequence<byte>(replies);
        _segmented = Frames.Segmented(replies, 4096);
        var large = new byte[(1 << 20) + 1];
        large.AsSpan(0, 1 << 20).Fill((byte)'a');
        _large = Frames.Segmented(large, 16 * 1024);
    }

    /// <summary>100 small frames in one contiguous buffer; the figure is per frame.</summary>
    [Benchmark(OperationsPerInvoke = FramesPerBuffer)]
    public int ScanSmallFramesContiguous() => ScanAll(_contiguous);

    /// <summary>The same frames spread over 4 KiB segments (some frames straddle two).</summary>
    [Benchmark(OperationsPerInvoke = FramesPerBuffer)]
    public int ScanSmallFramesSegmented() => ScanAll(_segmented);

    /// <summary>
    /// A 1 MiB frame that arrives 16 KiB at a time: each arrival rescans only the new bytes, so the
    /// whole costs one pass, not a quadratic number of them.
    /// </summary>
    [Benchmark]
    public long ScanOneMiBFrameArrivingIn16KiBReads()
    {
        long scanned = 0;
        long arrived = 0;
        while (true)
        {
            arrived = Math.Min(arrived + (16 * 1024), _large.Length);
            var buffer = _large.Slice(0, arrived);
            if (FrameReader.TryReadFrame(ref buffer, ref scanned, Limit, out var frame))
            {
                return frame.Length;
            }
        }
    }

    private static int ScanAll(ReadOnlySequence<byte> buffer)
    {
        long scanned = 0;
        var n = 0;
        while (FrameReader.TryReadFrame(ref buffer, ref scanned, Limit, out _))
        {
            n++;
        }

        return n;
    }
}
