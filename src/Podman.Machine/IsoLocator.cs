namespace Podman.Machine;

/// <summary>
/// Finds the boot2podman ISO: an explicit path, else <c>$BOOT2PODMAN_ISO</c>, else
/// <c>artifacts/boot2podman.iso</c> in the repository that holds the current directory or this program.
/// </summary>
/// <remarks>
/// When the ISO is missing and its build failed, <c>scripts/test.sh</c> leaves the build's output beside
/// where the ISO would be, as <c>&lt;iso&gt;.build-error</c> (deleted by the next build that succeeds);
/// the "not found" error then ends with the last lines of that file, so that a test run without the ISO
/// says why.
/// </remarks>
public static class IsoLocator
{
    /// <summary>The environment variable that names the ISO.</summary>
    public const string EnvironmentVariable = "BOOT2PODMAN_ISO";

    /// <summary>The ISO's path relative to the repository root.</summary>
    public const string RepositoryRelativePath = "artifacts/boot2podman.iso";

    /// <summary>The suffix of the file beside the ISO's path that holds the output of its failed build.</summary>
    public const string BuildErrorSuffix = ".build-error";

    private const int BuildErrorTailLines = 20;
    private const string SolutionFile = "Podman.Client.sln";
    private const int MaxParents = 12;

    /// <summary>Returns the absolute path of the ISO to boot.</summary>
    /// <param name="explicitPath">A path given by the user, used if not null.</param>
    /// <returns>The ISO's full path; the file exists.</returns>
    /// <exception cref="FileNotFoundException">No ISO was found; the message says how to build one, or
    /// ends with the last lines of the failed build's output (<see cref="BuildErrorSuffix"/>).</exception>
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
        string? inRepository = root is null ? null : Path.Combine(root, RepositoryRelativePath);
        if (inRepository is not null && File.Exists(inRepository))
        {
            return inRepository;
        }

        throw new FileNotFoundException(
            $"No boot2podman ISO: set {EnvironmentVariable}, pass the path, or build it into {RepositoryRelativePath} " +
            "with 'bash appliance/build.sh' in the repository" + (root is null ? "." : $" ({root}).") +
            (inRepository is null ? "" : BuildError(inRepository)));
    }

    /// <summary>The repository root (the directory holding Podman.Client.sln) above the current directory or this program, or null.</summary>
    internal static string? FindRepositoryRoot()
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
            : throw new FileNotFoundException($"The boot2podman ISO named by {source} does not exist: {path}.{BuildError(path)}", path);

    // " Its build failed; …" and the last lines of <iso>.build-error, or "" when there is no such file.
    private static string BuildError(string isoPath)
    {
        string path = isoPath + BuildErrorSuffix;
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return string.Empty;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $" Its build failed, but {path} cannot be read: {e.Message}";
        }

        string[] tail = lines.Where(l => l.Trim().Length > 0).TakeLast(BuildErrorTailLines).ToArray();
        return $" Its build failed; the last {tail.Length} lines of {path}:{Environment.NewLine}{string.Join(Environment.NewLine, tail)}";
    }
}
