namespace Varlink.Ssh.Tests;

/// <summary>Ways to log in to the real sshd: key file, key in memory, ssh-agent; wrong keys refused.</summary>
[Collection(SshdCollection.Name)]
public sealed class SshAuthenticationTests(SshdFixture sshd) : SshEchoTestBase(sshd, "auth")
{
    [Fact]
    public async Task RsaKeyFileLogsIn()
    {
        var options = Sshd.Options(Echo.Path);
        options.PrivateKeyFiles.Clear();
        options.PrivateKeyFiles.Add(Sshd.UserRsaKey);
        await AssertEchoWorksAsync(options);
    }

    [Fact]
    public async Task KeyHeldInMemoryLogsIn()
    {
        var options = Sshd.Options(Echo.Path);
        options.PrivateKeyFiles.Clear();
        options.PrivateKeys.Add(await File.ReadAllTextAsync(Sshd.UserKey));
        await AssertEchoWorksAsync(options);
    }

    [Fact]
    public async Task UnauthorizedKeyIsRefusedWithConnectExceptionNamingTheUser()
    {
        var options = Sshd.Options(Echo.Path);
        options.PrivateKeyFiles.Clear();
        options.PrivateKeyFiles.Add(ProcessRunner.GenerateKey(Dir, "stranger"));
        await using var transport = new SshVarlinkTransport(options);
        var e = await Assert.ThrowsAsync<SshConnectException>(() => transport.ConnectAsync().AsTask());
        Assert.Contains(Environment.UserName, e.Message, StringComparison.Ordinal);
        Assert.Equal(0, Echo.Connections);
    }

    [Theory]
    [InlineData("ed25519")]
    [InlineData("rsa")]
    public async Task SshAgentKeyLogsIn(string keyType)
    {
        var agentSocket = Path.Combine(Dir, "agent.sock");
        using var agent = new BridgeProcess("ssh-agent", "-D", "-a", agentSocket);
        for (var i = 0; i < 100 && !File.Exists(agentSocket); i++)
        {
            await Task.Delay(50);
        }

        var key = keyType == "rsa" ? Sshd.UserRsaKey : Sshd.UserKey;
        var add = new System.Diagnostics.ProcessStartInfo("ssh-add", [key]) { UseShellExecute = false, RedirectStandardError = true };
        add.Environment["SSH_AUTH_SOCK"] = agentSocket;
        using (var adding = System.Diagnostics.Process.Start(add)!)
        {
            await adding.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
            Assert.Equal(0, adding.ExitCode);
        }

        var options = Sshd.Options(Echo.Path);
        options.PrivateKeyFiles.Clear();
        options.UseAgent = true;
        options.AgentSocketPath = agentSocket;
        await AssertEchoWorksAsync(options);
    }
}
