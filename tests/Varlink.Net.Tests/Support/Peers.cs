namespace Varlink.Tests.Support;

/// <summary>Finds the Go reference peers; a missing peer fails the test with how to get it.</summary>
internal static class Peers
{
    private const string HowToGet = "Run `bash scripts/prepare.d/10-go-peers.sh` (it builds them from Debian packages), or set VARLINK_GO_PEERS.";

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

    public static string GoPeer(string name)
    {
        string directory = Environment.GetEnvironmentVariable("VARLINK_GO_PEERS") is { Length: > 0 } set
            ? set
            : Path.Combine(RepositoryRoot, "artifacts", "peers", "go");
        string path = Path.Combine(directory, name);
        Assert.True(File.Exists(path), $"The Go peer {path} is missing. {HowToGet}");
        return path;
    }

    public static string GoCertification
    {
        get
        {
            foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
            {
                string path = Path.Combine(directory, "varlink-go-certification");
                if (File.Exists(path))
                {
                    return path;
                }
            }

            Assert.Fail($"varlink-go-certification is not on PATH. {HowToGet}");
            return null!;
        }
    }

    /// <summary>The dotnet host that runs <see cref="DotnetPeers"/> (the one running the tests when known).</summary>
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>The built Varlink.Net.TestPeers program (next to the test assembly).</summary>
    public static string DotnetPeers => Path.Combine(AppContext.BaseDirectory, "Varlink.Net.TestPeers.dll");
}
