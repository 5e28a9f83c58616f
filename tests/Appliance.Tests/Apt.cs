namespace Appliance.Tests;

/// <summary>What Debian serves, asked of apt directly (the independent source the resolver is checked against).</summary>
internal static class Apt
{
    private static readonly string EmptyStatus = CreateEmptyStatus();

    /// <summary>Every version of each package that the host's apt lists say the archive serves.</summary>
    public static async Task<ILookup<string, string>> ServedAsync(IEnumerable<string> packages)
    {
        var r = await Repo.RunAsync("apt-cache", ["-o", $"Dir::State::status={EmptyStatus}", "madison", .. packages], TimeSpan.FromMinutes(1));
        return r.Lines
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .Where(f => f.Length >= 3 && f[2].Contains("Packages", StringComparison.Ordinal))
            .ToLookup(f => f[0], f => f[1]);
    }

    /// <summary>The package and version a package's newest served version depends on exactly ("X (= V)").</summary>
    public static async Task<(string Name, string Version)> ExactDependencyAsync(string package, string prefix)
    {
        var r = await Repo.RunAsync("apt-cache", ["-o", $"Dir::State::status={EmptyStatus}", "show", package], TimeSpan.FromMinutes(1));
        // apt-cache show lists the newest version first; its Depends names the kernel image.
        string depends = r.Lines.First(l => l.StartsWith("Depends:", StringComparison.Ordinal));
        string item = depends["Depends:".Length..].Split(',').Select(s => s.Trim()).First(s => s.StartsWith(prefix, StringComparison.Ordinal));
        string name = item[..item.IndexOf(' ', StringComparison.Ordinal)];
        string version = item[(item.IndexOf("(= ", StringComparison.Ordinal) + 3)..item.IndexOf(')', StringComparison.Ordinal)];
        return (name, version);
    }

    /// <summary>The source version a package version was built from ("Source: linux (6.1.192-3)").</summary>
    public static async Task<string> SourceVersionAsync(string package, string version)
    {
        var r = await Repo.RunAsync("apt-cache", ["-o", $"Dir::State::status={EmptyStatus}", "show", $"{package}={version}"], TimeSpan.FromMinutes(1));
        string? source = r.Lines.FirstOrDefault(l => l.StartsWith("Source:", StringComparison.Ordinal));
        if (source is null || !source.Contains('(', StringComparison.Ordinal))
        {
            return version;   // no "(version)": built from a source of the same version
        }

        return source[(source.IndexOf('(', StringComparison.Ordinal) + 1)..source.IndexOf(')', StringComparison.Ordinal)];
    }

    private static string CreateEmptyStatus()
    {
        string path = Path.Combine(Path.GetTempPath(), $"b2p-empty-dpkg-status-{Environment.ProcessId}");
        File.WriteAllText(path, "");
        return path;
    }
}
