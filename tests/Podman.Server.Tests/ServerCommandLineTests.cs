namespace Podman.Server.Tests;

/// <summary>podman-server's options (<see cref="ServerCommandLine"/>).</summary>
public sealed class ServerCommandLineTests
{
    [Fact]
    public void TheVersionCacheTakesAFileAndAKeyFile()
    {
        var options = ServerCommandLine.Parse(["--version-cache", "/var/lib/boot2podman/podman-version.json", "--version-cache-key=/usr/share/boot2podman/packages"], out var error);
        Assert.Null(error);
        Assert.Equal("/var/lib/boot2podman/podman-version.json", options!.VersionCache);
        Assert.Equal("/usr/share/boot2podman/packages", options.VersionCacheKey);
    }

    [Fact]
    public void WithoutTheOptionsThereIsNoVersionCache()
    {
        var options = ServerCommandLine.Parse(["--no-resolver"], out _);
        Assert.Null(options!.VersionCache);
        Assert.Null(options.VersionCacheKey);
    }

    [Theory]
    [InlineData("--version-cache", "--version-cache-key")]
    [InlineData("--version-cache-key", "--version-cache")]
    public void OneVersionCacheOptionWithoutTheOtherIsRefusedNamingTheMissingOne(string given, string missing)
    {
        Assert.Null(ServerCommandLine.Parse([given, "/some/file"], out var error));
        Assert.Equal($"option '{given}' needs '{missing}'", error);
    }

    [Theory]
    [InlineData("--version-cache")]
    [InlineData("--version-cache-key")]
    public void AVersionCacheOptionNeedsAValue(string option)
    {
        Assert.Null(ServerCommandLine.Parse([option], out var error));
        Assert.Equal($"option '{option}' needs a value", error);
    }
}
