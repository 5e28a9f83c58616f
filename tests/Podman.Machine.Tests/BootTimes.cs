namespace Podman.Machine.Tests;

/// <summary>
/// Keeps the measured boot times: the tests print them to their output, and they are appended to
/// <c>artifacts/test-reports/boot-times.txt</c> in the repository so a run's figures can be read afterwards.
/// </summary>
internal static class BootTimes
{
    private static readonly Lock Gate = new();
    private static readonly List<string> Lines = [];

    public static IReadOnlyList<string> All
    {
        get
        {
            lock (Gate)
            {
                return Lines.ToList();
            }
        }
    }

    public static void Record(string line, MachineBootTimings? timings = null)
    {
        string stamped = $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ} boot to io.podman ready: {line}";
        if (timings is not null)
        {
            stamped += Environment.NewLine + timings.FormatTable().TrimEnd();
        }

        lock (Gate)
        {
            Lines.Add(stamped);
            if (IsoLocator.FindRepositoryRoot() is { } root)
            {
                string dir = Path.Combine(root, "artifacts", "test-reports");
                Directory.CreateDirectory(dir);
                File.AppendAllText(Path.Combine(dir, "boot-times.txt"), stamped + Environment.NewLine);
            }
        }
    }
}
