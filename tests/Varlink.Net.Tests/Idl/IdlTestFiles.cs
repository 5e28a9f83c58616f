namespace Varlink.Net.Tests.Idl;

/// <summary>Finds the interface files the IDL tests read: the repository's own and the shared reference copy.</summary>
internal static class IdlTestFiles
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

    /// <summary>SHARED_DIR, else the first "shared" directory beside the clone or one level up (worktrees).</summary>
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

    public static string CertificationText => File.ReadAllText(Path.Combine(RepositoryRoot, "tests", "Interfaces", "org.varlink.certification.varlink"));

    public static string PodmanReferenceText
    {
        get
        {
            var path = Path.Combine(SharedDirectory, "reference", "io.podman.varlink");
            Assert.True(File.Exists(path), $"{path} is missing: set SHARED_DIR to the shared directory that holds reference/io.podman.varlink.");
            return File.ReadAllText(path);
        }
    }
}
