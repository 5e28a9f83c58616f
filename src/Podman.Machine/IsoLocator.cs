namespace Podman.Machine;

/// <summary>
/// Finds the boot2podman ISO: an explicit path, else <c>$BOOT2PODMAN_ISO</c>, else
/// <c>artifacts/boot2podman.iso</c> in the repository that holds the current directory or this program.
/// </summary>
public static class IsoLocator
{
    /// <summary>The environment variable that names the ISO.</summary>
    public const string EnvironmentVariable = "BOOT2PODMAN_ISO";

    /// <summary>The ISO's path relative to the repository root.</summary>
    public const string RepositoryRelativePath = "artifacts/boot2podman.iso";

    private const string SolutionFile = "Podman.Client.sln";
    private const int MaxParents = 12;

    /// <summary>Returns the absolute path of the ISO to boot.</summary>
    /// <param name="explicitPath">A path given by the user, used if not null.</param>
    /// <returns>The ISO's full path; the file exists.</returns>
    /// <exception cref="FileNotFoundException">No ISO was found; the message says how to build one.</exception>
    public static string Locate(string? explicitPath = null)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return Existing(Path.GetFullPath(explicitPath), "the path given");
        }

        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Existing(Path.GetFullPath(fromEnvironment), "$" + EnvironmentVariable);
        }

        string? root = FindRepositoryRoot();
        if (root is not null && File.Exists(Path.Combine(root, RepositoryRelativePath)))
        {
            return Path.Combine(root, RepositoryRelativePath);
        }

        throw new FileNotFoundException(
            $"No boot2podman ISO: set {EnvironmentVariable}, pass the path, or build it into {RepositoryRelativePath} " +
            "with 'bash appliance/build.sh' in the repository" + (root is null ? "." : $" ({root})."));
    }

    /// <summary>The repository root (the directory holding Podman.Client.sln) above the current directory or this program, or null.</summary>
    public static string? FindRepositoryRoot()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            DirectoryInfo? dir = new(start);
            for (int i = 0; dir is not null && i < MaxParents; i++, dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    private static string Existing(string path, string source) =>
        File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The boot2podman ISO named by {source} does not exist: {path}.", path);
}
