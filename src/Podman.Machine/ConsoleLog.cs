using System.Text;

namespace Podman.Machine;

/// <summary>Reads the serial console log that qemu writes while the VM runs.</summary>
internal static class ConsoleLog
{
    /// <summary>The line the appliance prints once SSH and podman are started.</summary>
    public const string ReadyLine = "boot2podman: ready";

    /// <summary>The prefix of the line that announces the host key sshd uses.</summary>
    public const string HostKeyPrefix = "boot2podman: ssh-host-key ed25519 ";

    /// <summary>The line the appliance prints when it found no data disk.</summary>
    public const string NoDataDiskLine = "boot2podman: no data disk, running from RAM";

    private const int TailBytes = 64 * 1024;

    /// <summary>All lines of the log (empty if it does not exist yet), without carriage returns.</summary>
    public static IReadOnlyList<string> ReadLines(string path)
    {
        string text = ReadText(path, long.MaxValue);
        return text.Length == 0 ? [] : Clean(text).Split('\n');
    }

    /// <summary>The last <paramref name="count"/> non-empty lines, joined with newlines.</summary>
    public static string Tail(string path, int count = 40)
    {
        string[] lines = Clean(ReadText(path, TailBytes)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(Environment.NewLine, lines.Skip(Math.Max(0, lines.Length - count)));
    }

    /// <summary>
    /// Whether a line of the log ends with <paramref name="line"/> (surrounding blanks ignored): a shell
    /// prompt on the serial console may stand in front of what the appliance prints.
    /// </summary>
    public static bool HasLine(string path, string line) =>
        ReadLines(path).Any(l => l.TrimEnd().EndsWith(line, StringComparison.Ordinal));

    /// <summary>The host key fingerprint the appliance announced last, <c>SHA256:…</c>, or null.</summary>
    public static string? AnnouncedHostKey(string path)
    {
        string? line = ReadLines(path).LastOrDefault(l => l.Contains(HostKeyPrefix, StringComparison.Ordinal));
        return line?[(line.IndexOf(HostKeyPrefix, StringComparison.Ordinal) + HostKeyPrefix.Length)..].Trim().Split(' ')[0];
    }

    private static string ReadText(string path, long maxBytes)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length > maxBytes)
            {
                stream.Seek(-maxBytes, SeekOrigin.End);
            }

            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return string.Empty;
        }
    }

    // Drops carriage returns and terminal control characters (escape sequences keep their printable rest).
    private static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c == '\n' || c == '\t' || !char.IsControl(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
