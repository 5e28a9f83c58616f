namespace Varlink.Net.Generator.Tests;

/// <summary>Paths of the interface files and snapshots the generator tests use.</summary>
internal static class TestFiles
{
    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Podman.Client.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Podman.Client.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>SHARED_DIR, else the "shared" directory beside the clone (or one level up, for worktrees).</summary>
    public static string SharedDirectory
    {
        get
        {
            if (Environment.GetEnvironmentVariable("SHARED_DIR") is { Length: > 0 } shared)
            {
                return shared;
            }

            var besideClone = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
            var upOne = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "..", "shared"));
            return Directory.Exists(besideClone) || !Directory.Exists(upOne) ? besideClone : upOne;
        }
    }

    public static string Certification => Path.Combine(RepositoryRoot, "tests", "Interfaces", "org.varlink.certification.varlink");

    public static string Podman => Path.Combine(RepositoryRoot, "src", "Podman.Interface", "io.podman.varlink");

    public static string Bench
    {
        get
        {
            var path = Path.Combine(SharedDirectory, "peers", "go", "org.example.bench.varlink");
            Assert.True(File.Exists(path), $"{path} is missing: set SHARED_DIR to the shared directory holding peers/go/org.example.bench.varlink.");
            return path;
        }
    }

    public static string Snapshots => Path.Combine(RepositoryRoot, "tests", "Varlink.Net.Generator.Tests", "Snapshots");
}
