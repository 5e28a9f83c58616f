using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Varlink.Benchmarks;

/// <summary>
/// <c>typed-cpu [ROUNDS] [OPS]</c>: the typed benchmarks' today-against-baseline comparison in processor time,
/// for a machine that is not quiet. BenchmarkDotNet measures wall time, which other work on the host inflates by
/// whatever it takes of the cores; this runs the two variants in alternating blocks (so a change of load hits both)
/// and measures each block's processor time (user + system, all threads of this process), which waiting for a core
/// does not add to. Prints the median over the rounds of each variant's µs per operation and the ratio; beside it
/// the same for wall time (alternating blocks make a slow change of load hit both alike) and the voluntary context
/// switches per operation (all threads, from <c>getrusage</c>): a thread that waits for another to wake it counts one,
/// so an extra thread hop in a round trip shows here as a whole number more, whatever the load; and how often an
/// operation ends on another thread than it started on (a hop to a pool thread that was still spinning, which
/// counts no switch).
/// </summary>
internal static class TypedCpuComparison
{
    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        // struct rusage on 64-bit Linux: two timevals, then 14 longs (ru_maxrss … ru_nivcsw).
        public long UtimeSec, UtimeUsec, StimeSec, StimeUsec;
        public long MaxRss, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NVcsw, NIvcsw;
    }

    [DllImport("libc", EntryPoint = "getrusage")]
#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code in this project; a blittable out struct marshals alike.
    private static extern int GetRUsage(int who, out RUsage usage);
#pragma warning restore SYSLIB1054

    private static long VoluntarySwitches() =>
        OperatingSystem.IsLinux() && GetRUsage(0 /* RUSAGE_SELF */, out var usage) == 0 ? usage.NVcsw : 0;

    private readonly record struct Sample(double CpuMicros, double WallMicros, double Switches, double Hops);

    public static async Task<int> RunAsync(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        int ops = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
        var bench = new TypedRoundTripBenchmarks();
        bench.Setup();
        try
        {
            var pairs = new (string Name, Func<Task> Today, Func<Task> Before)[]
            {
                ("Echo", () => bench.TypedEcho(), () => bench.TypedEchoBefore()),
                ("Read", () => Task.FromResult(bench.TypedRead()), () => Task.FromResult(bench.TypedReadBefore())),
                ("Write", () => Task.FromResult(bench.TypedWrite()), () => Task.FromResult(bench.TypedWriteBefore())),
            };
            Console.WriteLine($"typed-cpu: {rounds} alternating rounds of {ops} operations per variant, processor time per operation (load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
            Console.WriteLine($"(voluntary context switches of this process so far: {VoluntarySwitches()})");
            Console.WriteLine("| Category | CPU today µs | CPU before µs | CPU today ÷ before | wall today µs | wall before µs | wall today ÷ before | switches/op today | switches/op before | thread changes/op today | thread changes/op before |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var (name, today, before) in pairs)
            {
                await MeasureAsync(today, ops);   // warm-up (tiered JIT) of both
                await MeasureAsync(before, ops);
                var t = new List<Sample>();
                var b = new List<Sample>();
                for (int r = 0; r < rounds; r++)
                {
                    // Alternate which goes first, so neither always follows the other.
                    if (r % 2 == 0)
                    {
                        t.Add(await MeasureAsync(today, ops));
                        b.Add(await MeasureAsync(before, ops));
                    }
                    else
                    {
                        b.Add(await MeasureAsync(before, ops));
                        t.Add(await MeasureAsync(today, ops));
                    }
                }

                double ct = Median(t, s => s.CpuMicros), cb = Median(b, s => s.CpuMicros);
                double wt = Median(t, s => s.WallMicros), wb = Median(b, s => s.WallMicros);
                double st = Median(t, s => s.Switches), sb = Median(b, s => s.Switches);
                double ht = Median(t, s => s.Hops), hb = Median(b, s => s.Hops);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {ct:0.00} | {cb:0.00} | {ct / cb:0.00} | {wt:0.00} | {wb:0.00} | {wt / wb:0.00} | {st:0.00} | {sb:0.00} | {ht:0.00} | {hb:0.00} |"));
            }
        }
        finally
        {
            bench.Cleanup();
        }

        return 0;
    }

    private static async Task<Sample> MeasureAsync(Func<Task> op, int count)
    {
        using var process = Process.GetCurrentProcess();
        TimeSpan start = process.TotalProcessorTime;
        long switches = VoluntarySwitches();
        long wall = Stopwatch.GetTimestamp();
        int hops = 0;
        for (int i = 0; i < count; i++)
        {
            int thread = Environment.CurrentManagedThreadId;
            await op().ConfigureAwait(false);
            hops += thread == Environment.CurrentManagedThreadId ? 0 : 1;
        }

        TimeSpan elapsed = Stopwatch.GetElapsedTime(wall);
        long switched = VoluntarySwitches() - switches;
        process.Refresh();
        return new Sample(
            (process.TotalProcessorTime - start).TotalMicroseconds / count,
            elapsed.TotalMicroseconds / count,
            (double)switched / count,
            (double)hops / count);
    }

    private static double Median(List<Sample> samples, Func<Sample, double> value)
    {
        var values = samples.Select(value).ToList();
        values.Sort();
        return values[values.Count / 2];
    }
}
