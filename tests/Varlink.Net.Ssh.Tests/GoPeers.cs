namespace Varlink.Ssh.Tests;

/// <summary>Finds the Go reference peers; a missing peer fails the test with how to get it.</summary>
internal static class GoPeers
{
    private const string HowToGet = "Run `bash scripts/prepare.d/10-go-peers.sh` (it builds them from Debian packages).";

    /// <summary>varlink-go-certification: on PATH, or in VARLINK_GO_PEERS / artifacts/peers/go.</summary>
    public static string CertificationBinary
    {
        get
        {
            var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).ToList();
            directories.Add(Environment.GetEnvironmentVariable("VARLINK_GO_PEERS") is { Length: > 0 } peers ? peers : Path.Combine(TestPaths.RepoRoot, "artifacts", "peers", "go"));
            foreach (var directory in directories)
            {
                var path = Path.Combine(directory, "varlink-go-certification");
                if (File.Exists(path))
                {
                    return path;
                }
            }

            Assert.Fail($"varlink-go-certification was not found on PATH or in the peers directory. {HowToGet}");
            return string.Empty;
        }
    }
}
