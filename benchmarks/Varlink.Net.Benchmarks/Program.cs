using BenchmarkDotNet.Running;
using Varlink.Benchmarks;

// `typed-cpu [ROUNDS] [OPS]`: the typed comparison in processor time (TypedCpuComparison); else BenchmarkDotNet.
if (args is ["typed-cpu", .. var rest])
{
    return await TypedCpuComparison.RunAsync(rest);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
