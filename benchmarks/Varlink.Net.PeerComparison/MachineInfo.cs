namespace Varlink.PeerComparison;

/// <summary>What the report says about the machine it ran on.</summary>
internal sealed record MachineInfo(string Cpu, int Cores, string Kernel, string LoadAtStart)
{
    public static MachineInfo Read() => new(
        Cpu: ReadCpuModel(),
        Cores: Environment.ProcessorCount,
        Kernel: ReadFirstLine("/proc/sys/kernel/osrelease"),
        LoadAtStart: ReadLoad());

    /// <summary>The 1, 5 and 15 minute load averages.</summary>
    public static string ReadLoad()
    {
        var words = ReadFirstLine("/proc/loadavg").Split(' ');
        return words.Length >= 3 ? string.Join(' ', words[..3]) : "?";
    }

    private static string ReadCpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "?" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static string ReadFirstLine(string path)
    {
        try
        {
            return File.ReadLines(path).FirstOrDefault()?.Trim() ?? "?";
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
