namespace Podman.Machine.Tests;

public sealed class ConsoleLogTests
{
    [Fact]
    public async Task LinesBehindAShellPromptAndWithCarriageReturnsAreFound()
    {
        using var dir = new TempDirectory();
        string log = dir.File("console.log");
        await File.WriteAllTextAsync(log,
            "ISOLINUX 6.04\r\nroot@box:~# \u001b[6nboot2podman: ssh-host-key ed25519 SHA256:abcDEF+/123\r\n" +
            "boot2podman: service x exited\r\nroot@box:~# boot2podman: ready\r\n");

        Assert.True(ConsoleLog.HasLine(log, ConsoleLog.ReadyLine));
        Assert.Equal("SHA256:abcDEF+/123", ConsoleLog.AnnouncedHostKey(log));
        Assert.False(ConsoleLog.HasLine(log, ConsoleLog.NoDataDiskLine));
        Assert.Equal("boot2podman: service x exited" + Environment.NewLine + "root@box:~# boot2podman: ready", ConsoleLog.Tail(log, 2));
    }

    [Fact]
    public void MissingLogReadsAsEmpty()
    {
        Assert.Equal("", ConsoleLog.Tail("/nonexistent/console.log"));
        Assert.Null(ConsoleLog.AnnouncedHostKey("/nonexistent/console.log"));
    }
}
