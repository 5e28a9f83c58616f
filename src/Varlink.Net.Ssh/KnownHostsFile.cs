namespace Varlink.Ssh;

/// <summary>Reads and appends to an OpenSSH known_hosts file.</summary>
internal sealed class KnownHostsFile(string path)
{
    /// <summary>The file's path.</summary>
    public string Path { get; } = path;

    /// <summary>The default file, <c>~/.ssh/known_hosts</c>.</summary>
    public static string DefaultPath =>
        System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "known_hosts");

    /// <summary>The key lines that name <paramref name="hostName"/>; none when the file does not exist.</summary>
    public IReadOnlyList<KnownHostEntry> Find(string hostName)
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        var found = new List<KnownHostEntry>();
        var number = 0;
        foreach (var line in File.ReadLines(Path))
        {
            number++;
            if (Parse(line, number) is { } entry && entry.Matches(hostName))
            {
                found.Add(entry);
            }
        }

        return found;
    }

    /// <summary>Appends a hashed line for <paramref name="hostName"/> with the given key.</summary>
    public void Add(string hostName, string keyType, byte[] keyBlob)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var prefix = File.Exists(Path) && new FileInfo(Path).Length > 0 && !EndsWithNewLine(Path) ? "\n" : string.Empty;
        File.AppendAllText(Path, $"{prefix}{KnownHostPatterns.Hash(hostName)} {keyType} {Convert.ToBase64String(keyBlob)}\n");
    }

    /// <summary>Parses one line; null for blank lines, comments and lines that are not key lines.</summary>
    internal static KnownHostEntry? Parse(string line, int number)
    {
        var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0 || fields[0].StartsWith('#'))
        {
            return null;
        }

        string? marker = null;
        var i = 0;
        if (fields[0].StartsWith('@'))
        {
            marker = fields[0];
            i = 1;
        }

        if (fields.Length < i + 3)
        {
            return null;
        }

        try
        {
            return new KnownHostEntry(marker, fields[i], fields[i + 1], Convert.FromBase64String(fields[i + 2]), number);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool EndsWithNewLine(string path)
    {
        using var stream = File.OpenRead(path);
        stream.Seek(-1, SeekOrigin.End);
        return stream.ReadByte() == '\n';
    }
}
