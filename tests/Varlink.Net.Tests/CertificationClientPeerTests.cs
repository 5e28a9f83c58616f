using Varlink.TestPeers;
using Varlink.Tests.Support;

namespace Varlink.Tests;

/// <summary>
/// The certification-client command of Varlink.Net.TestPeers, run as a process: a server that fails it
/// gets a failed step and exit code 1, never an unhandled exception (the runtime's exit code 134).
/// </summary>
[Collection(PeerProcessCollection.Name)]
public sealed class CertificationClientPeerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("error", "Certification step Start failed: error org.varlink.certification.CertificationError")]
    [InlineData("hang-up", "Certification step Start failed: ")]
    public async Task StartAnsweredWithAnErrorOrAHangUpIsReportedAsAFailedStep(string how, string expected)
    {
        using var socket = new TempSocket();
        await using var server = new VarlinkServer();
        server.AddInterface(CertificationData.Description, (call, _) => how == "error"
            ? throw new VarlinkRemoteException(CertificationData.Interface + ".CertificationError", TestService.Json("""{"wants":{},"got":{}}"""))
            : throw new IOException("hanging up on purpose"));
        string address = server.Listen(socket.Address);

        await using var client = new PeerProcess(Peers.DotnetHost, Peers.DotnetPeers, "certification-client", "--varlink", address);
        Assert.Equal(1, await client.WaitForExitAsync(Timeout));
        Assert.Contains(expected, client.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", client.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableServerIsReportedAsAFailure()
    {
        using var socket = new TempSocket();
        await using var client = new PeerProcess(Peers.DotnetHost, Peers.DotnetPeers, "certification-client", "--varlink", socket.Address);
        Assert.Equal(1, await client.WaitForExitAsync(Timeout));
        Assert.Contains("Certification failed: cannot connect", client.Output, StringComparison.Ordinal);
    }
}
