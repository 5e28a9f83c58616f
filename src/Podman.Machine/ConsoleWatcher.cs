using System.Globalization;
using System.Text;

namespace Podman.Machine;

/// <summary>
/// Follows the serial console log while the VM boots: reads what was appended since the last
/// <see cref="Poll"/>, and notes, with the host time it was first seen, the first output and every
/// <c>boot2podman: phase NAME UPTIME</c> line; also whether <see cref="ConsoleLog.ReadyLine"/> came
/// and which host key the appliance announced.
/// </summary>
internal sealed class ConsoleWatcher(string path, Func<TimeSpan> elapsed, ICollection<MachineBootPhase> phases)
{
    public const string PhasePrefix = "boot2podman: phase ";

    private readonly StringBuilder _partial = new();
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private long _position;
    private bool _sawOutput;

    /// <summary>Whether the appliance printed <see cref="ConsoleLog.ReadyLine"/>.</summary>
    public bool SawReady { get; private set; }

    /// <summary>The last host key fingerprint the appliance announced, or null.</summary>
    public string? AnnouncedHostKey { get; private set; }

    /// <summary>Reads what the console got since the last poll.</summary>
    public void Poll()
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length < _position)
            {
                _position = 0;   // a new log (qemu truncated it)
            }

            stream.Position = _position;
            bytes = new byte[stream.Length - _position];
            int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            _position += read;
            Array.Resize(ref bytes, read);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return;
        }

        if (bytes.Length == 0)
        {
            return;
        }

        TimeSpan now = elapsed();
        if (!_sawOutput)
        {
            _sawOutput = true;
            phases.Add(new MachineBootPhase(MachineBootTimings.FirstConsoleOutput, now, null));
        }

        var chars = new char[_decoder.GetCharCount(bytes, flush: false)];
        _decoder.GetChars(bytes, chars, flush: false);
        foreach (char c in chars)
        {
            if (c == '\n')
            {
                Line(_partial.ToString(), now);
                _partial.Clear();
            }
            else if (c == '\t' || !char.IsControl(c))
            {
                _partial.Append(c);
            }
        }
    }

    private void Line(string line, TimeSpan now)
    {
        string trimmed = line.TrimEnd();
        if (trimmed.EndsWith(ConsoleLog.ReadyLine, StringComparison.Ordinal))
        {
            SawReady = true;
        }

        int key = trimmed.IndexOf(ConsoleLog.HostKeyPrefix, StringComparison.Ordinal);
        if (key >= 0)
        {
            AnnouncedHostKey = trimmed[(key + ConsoleLog.HostKeyPrefix.Length)..].Trim().Split(' ')[0];
        }

        if (ParsePhase(trimmed) is { } phase && _seen.Add(phase.Name))
        {
            phases.Add(new MachineBootPhase(phase.Name, now, phase.Uptime));
        }
    }

    /// <summary>The phase of a <c>boot2podman: phase NAME UPTIME</c> line (a prompt may stand before it), or null.</summary>
    public static (string Name, TimeSpan Uptime)? ParsePhase(string line)
    {
        int at = line.IndexOf(PhasePrefix, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        string[] words = line[(at + PhasePrefix.Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 2 && double.TryParse(words[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0
            ? (words[0], TimeSpan.FromSeconds(seconds))
            : null;
    }
}
