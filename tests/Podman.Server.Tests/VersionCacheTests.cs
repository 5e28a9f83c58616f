using System.Collections.Concurrent;
using System.Text.Json;
using Podman.Server.Service;

namespace Podman.Server.Tests;

/// <summary>
/// GetVersion's answer kept across boots (<see cref="VersionCache"/>): a file for this podman build answers it
/// without libpod's /version; anything else is asked of libpod and the file written anew. The cache files are
/// written here by hand (the layout is the contract); libpod's values come from the recorded /version.
/// </summary>
public sealed class VersionCacheTests : IDisposable
{
    // The key file holds "abc": its XXH3 128-bit hash (what `xxh128sum` prints for it), in lower-case hex.
    private const string Key = "06b05ab6733a618578af5f94892f3950";

    private readonly TempDirectory _dir = new();
    private readonly ConcurrentQueue<string> _warnings = new();

    public VersionCacheTests()
    {
        File.WriteAllText(KeyFile, "abc");
    }

    private string KeyFile => _dir.File("packages");

    private string CacheFile => _dir.File("podman-version.json");

    public void Dispose() => _dir.Dispose();

    private VersionCache Open(string? cacheFile = null) => VersionCache.Open(cacheFile ?? CacheFile, KeyFile, _warnings.Enqueue)!;

    private static string Entry(string key = Key, int format = 1, string version = "1.9.3") => $$"""
        {"format":{{format}},"key":"{{key}}","version":"{{version}}","go_version":"go1.21.0","git_commit":"0123abcd",
         "built":"2023-05-01T12:00:00Z","os_arch":"linux/arm64","remote_api_version":1}
        """;

    private static async Task<ServiceHarness> StartAsync(VersionCache cache)
    {
        var service = await ServiceHarness.StartAsync(cache);
        service.Libpod.ReplyFile("GET", "version", "version.json");
        return service;
    }

    /// <summary>What libpod's recorded /version says, as GetVersion maps it.</summary>
    private static void AssertLibpodsVersion(JsonElement reply)
    {
        using var recorded = JsonDocument.Parse(Recorded.Bytes("version.json"));
        Assert.Equal("1.9.3", reply.GetProperty("version").GetString());
        Assert.Equal(recorded.RootElement.GetProperty("GoVersion").GetString(), reply.GetProperty("go_version").GetString());
        Assert.Equal("linux/amd64", reply.GetProperty("os_arch").GetString());
        Assert.Equal(1, reply.GetProperty("remote_api_version").GetInt64());
    }

    /// <summary>The file now holds <paramref name="reply"/> under this build's key: a new service answers it alone.</summary>
    private async Task AssertTheCacheNowAnswers(JsonElement reply, string? cacheFile = null)
    {
        cacheFile ??= CacheFile;
        using (var file = JsonDocument.Parse(File.ReadAllBytes(cacheFile)))
        {
            Assert.Equal(Key, file.RootElement.GetProperty("key").GetString());
            Assert.Equal(reply.GetProperty("go_version").GetString(), file.RootElement.GetProperty("go_version").GetString());
            Assert.Equal(reply.GetProperty("built").GetString(), file.RootElement.GetProperty("built").GetString());
        }

        Assert.DoesNotContain(Directory.GetFiles(Path.GetDirectoryName(cacheFile)!), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        await using var next = await ServiceHarness.StartAsync(Open(cacheFile));
        await next.Service.WarmUpAsync();
        Assert.Equal(reply.GetRawText(), (await next.CallAsync("GetVersion")).GetRawText());
        Assert.DoesNotContain("GET version", next.Libpod.Requests);
    }

    [Fact]
    public async Task AValidCacheAnswersGetVersionAndLibpodsVersionIsNeverAsked()
    {
        File.WriteAllText(CacheFile, Entry());
        await using var service = await StartAsync(Open());
        await service.Service.WarmUpAsync();
        var reply = await service.CallAsync("GetVersion");
        Assert.Equal("1.9.3", reply.GetProperty("version").GetString());
        Assert.Equal("go1.21.0", reply.GetProperty("go_version").GetString());
        Assert.Equal("0123abcd", reply.GetProperty("git_commit").GetString());
        Assert.Equal("2023-05-01T12:00:00Z", reply.GetProperty("built").GetString());
        Assert.Equal("linux/arm64", reply.GetProperty("os_arch").GetString());
        Assert.Equal(1, reply.GetProperty("remote_api_version").GetInt64());
        Assert.DoesNotContain("GET version", service.Libpod.Requests);
        Assert.Empty(_warnings);
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", 1, "1.9.3")]   // another podman build
    [InlineData(Key, 2, "1.9.3")]                                                                 // another layout
    [InlineData(Key, 1, "1.9.2")]                                                                 // another interface
    public async Task ACacheOfAnotherBuildIsAskedOfLibpodAndRewritten(string key, int format, string version)
    {
        File.WriteAllText(CacheFile, Entry(key, format, version));
        await using var service = await StartAsync(Open());
        await service.Service.WarmUpAsync();
        Assert.Single(service.Libpod.Requests, r => r == "GET version");
        var reply = await service.CallAsync("GetVersion");
        AssertLibpodsVersion(reply);
        await AssertTheCacheNowAnswers(reply);
    }

    [Theory]
    [InlineData("{\"format\":1,\"key\":\"ba7816bf8f01")]                                        // cut short
    [InlineData("\u0001\u0002not json at all")]
    [InlineData("{\"format\":1,\"key\":\"" + Key + "\"}")]                                       // fields missing
    [InlineData("{\"format\":1,\"key\":\"" + Key + "\",\"version\":\"1.9.3\",\"go_version\":null,\"git_commit\":\"\",\"built\":\"\",\"os_arch\":\"\",\"remote_api_version\":1}")]
    [InlineData("")]
    public async Task ACorruptCacheStillAnswersFromLibpodAndIsReplaced(string contents)
    {
        File.WriteAllText(CacheFile, contents);
        await using var service = await StartAsync(Open());
        var reply = await service.CallAsync("GetVersion");
        AssertLibpodsVersion(reply);
        Assert.Single(service.Libpod.Requests, r => r == "GET version");
        Assert.NotEmpty(_warnings);
        await AssertTheCacheNowAnswers(reply);
    }

    [Fact]
    public async Task WithoutACacheFileItIsWrittenAfterLibpodsFirstAnswerDirectoryAndAll()
    {
        var cacheFile = Path.Combine(_dir.Path, "var", "lib", "podman-version.json");
        await using var service = await StartAsync(Open(cacheFile));
        Assert.False(File.Exists(cacheFile));
        var reply = await service.CallAsync("GetVersion");
        AssertLibpodsVersion(reply);
        await AssertTheCacheNowAnswers(reply, cacheFile);
        Assert.Empty(_warnings);
    }

    [Fact]
    public async Task ACacheThatCannotBeWrittenIsReportedAndGetVersionStillAnswers()
    {
        var cacheFile = Path.Combine(KeyFile, "podman-version.json");   // under a regular file: no directory can be made
        await using var service = await StartAsync(Open(cacheFile));
        AssertLibpodsVersion(await service.CallAsync("GetVersion"));
        AssertLibpodsVersion(await service.CallAsync("GetVersion"));
        Assert.Single(service.Libpod.Requests, r => r == "GET version");
        Assert.Single(_warnings, w => w.Contains("cannot write the version cache", StringComparison.Ordinal));
    }

    [Fact]
    public void AnUnreadableKeyFileMeansNoCache()
    {
        Assert.Null(VersionCache.Open(CacheFile, _dir.File("no-such-packages"), _warnings.Enqueue));
        Assert.Single(_warnings, w => w.Contains("no-such-packages", StringComparison.Ordinal));
    }
}
