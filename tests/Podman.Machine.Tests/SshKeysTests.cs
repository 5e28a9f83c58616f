namespace Podman.Machine.Tests;

public sealed class SshKeysTests
{
    [Fact]
    public async Task FingerprintMatchesSshKeygen()
    {
        using var dir = new TempDirectory();
        string key = dir.File("id");

        string fingerprint = await SshKeys.GenerateEd25519Async(key, "me@test");

        ToolResult listed = await ToolRunner.RunCheckedAsync("ssh-keygen", ["-l", "-E", "sha256", "-f", key + ".pub"], TimeSpan.FromMinutes(1), default);
        Assert.Equal(listed.StandardOutput.Split(' ')[1], fingerprint);
        Assert.StartsWith("ssh-ed25519 ", await File.ReadAllTextAsync(key + ".pub"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
    }

    [Fact]
    public async Task ExistingKeyIsNotOverwritten()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("id"), "precious");

        await Assert.ThrowsAsync<ArgumentException>(() => SshKeys.GenerateEd25519Async(dir.File("id"), "x"));
        Assert.Equal("precious", await File.ReadAllTextAsync(dir.File("id")));
    }

    [Fact]
    public void MalformedPublicKeyLineIsAFormatError()
    {
        Assert.Throws<FormatException>(() => SshKeys.Fingerprint("just-one-field"));
    }
}
