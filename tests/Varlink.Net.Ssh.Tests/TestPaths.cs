namespace Varlink.Ssh.Tests;

/// <summary>Where the tests find the repository, the bridge binaries and scratch space.</summary>
internal static class TestPaths
{
    /// <summary>The repository root: the nearest parent holding Podman.Client.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The bridge program built beside the tests (framework-dependent apphost).</summary>
    public static string BridgeBinary
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "varlink");
            Assert.True(File.Exists(path), $"The bridge apphost is missing at {path}; build tests/Varlink.Net.Ssh.Tests.");
            return path;
        }
    }

    /// <summary>The NativeAOT bridge published by scripts/prepare.d/30-varlink-bridge.sh.</summary>
    public static string AotBridgeBinary => Path.Combine(RepoRoot, "artifacts", "bridge", "varlink");

    /// <summary>A fresh directory under /tmp, short enough for unix socket paths (108 bytes).</summary>
    public static string NewTempDirectory(string prefix)
    {
        var path = Path.Combine("/tmp", $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)]);
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Podman.Client.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Podman.Client.sln above {AppContext.BaseDirectory}.");
    }
}
