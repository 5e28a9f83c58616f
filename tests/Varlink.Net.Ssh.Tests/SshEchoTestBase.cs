namespace Varlink.Ssh.Tests;

/// <summary>
/// Shared set-up of the sshd tests: the server is running, a unix socket echo server listens in a
/// fresh directory, and a helper proves a transport works end to end.
/// </summary>
public abstract class SshEchoTestBase(SshdFixture sshd, string prefix) : IAsyncLifetime
{
    protected SshdFixture Sshd { get; } = sshd;

    protected string Dir { get; } = TestPaths.NewTempDirectory(prefix);

    internal UnixEchoServer Echo { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Sshd.EnsureRunning();
        Echo = new UnixEchoServer(Path.Combine(Dir, "echo.sock"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Sshd.EnsureRunning();
        await Echo.DisposeAsync();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a socket still being torn down may hold the directory briefly.
        }
    }

    /// <summary>Connects with <paramref name="options"/> and checks a message comes back through the echo server.</summary>
    protected static async Task AssertEchoWorksAsync(SshVarlinkOptions options)
    {
        await using var transport = new SshVarlinkTransport(options);
        await using var stream = await transport.ConnectAsync();
        await stream.WriteAsync("hello\0"u8.ToArray());
        await stream.FlushAsync();
        Assert.Equal("hello\0"u8.ToArray(), await StreamAssert.ReadExactlyAsync(stream, 6));
    }
}
