using System.Diagnostics;
using System.Globalization;

namespace Varlink.Benchmarks;

/// <summary>
/// <c>typed-cpu [ROUNDS] [OPS]</c>: the typed benchmarks' today-against-baseline comparison in processor time,
/// for a machine that is not quiet. BenchmarkDotNet measures wall time, which other work on the host inflates by
/// whatever it takes of the cores; this runs the two variants in alternating blocks (so a change of load hits both)
/// and measures each block's processor time (user + system, all threads of this process), which waiting for a core
/// does not add to. Prints the median over the rounds of each variant's µs per operation and the ratio.
/// </summary>
internal static class TypedCpuComparison
{
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
            Console.WriteLine("| Category | today µs | before µs | today ÷ before |");
            Console.WriteLine("|---|---:|---:|---:|");
            foreach (var (name, today, before) in pairs)
            {
                await MeasureAsync(today, ops);   // warm-up (tiered JIT) of both
                await MeasureAsync(before, ops);
                var t = new List<double>();
                var b = new List<double>();
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

                double mt = Median(t), mb = Median(b);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {mt:0.00} | {mb:0.00} | {mt / mb:0.00} |"));
            }
        }
        finally
        {
            bench.Cleanup();
        }

        return 0;
    }

    private static async Task<double> MeasureAsync(Func<Task> op, int count)
    {
        using var process = Process.GetCurrentProcess();
        TimeSpan start = process.TotalProcessorTime;
        for (int i = 0; i < count; i++)
        {
            await op().ConfigureAwait(false);
        }

        process.Refresh();
        return (process.TotalProcessorTime - start).TotalMicroseconds / count;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
