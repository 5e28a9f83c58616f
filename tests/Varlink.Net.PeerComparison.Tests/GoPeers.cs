namespace Varlink.PeerComparison.Tests;

/// <summary>Finds the Go reference peers: VARLINK_GO_PEERS, else artifacts/peers/go under the repository root.</summary>
internal static class GoPeers
{
    public static string Directory
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("VARLINK_GO_PEERS");
            if (string.IsNullOrEmpty(dir))
            {
                dir = Path.Combine(RepositoryRoot(), "artifacts", "peers", "go");
            }

            foreach (var tool in new[] { "bench-server", "bench-client" })
            {
                Assert.True(File.Exists(Path.Combine(dir, tool)),
                    $"the Go peer {tool} is missing from {dir}: build it with 'bash scripts/prepare.d/10-go-peers.sh' (or set VARLINK_GO_PEERS)");
            }

            return dir;
        }
    }

    public static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Podman.Client.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("Podman.Client.sln not found above " + AppContext.BaseDirectory);
    }
}
