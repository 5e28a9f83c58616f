namespace Appliance.Tests;

/// <summary>
/// appliance/lib/resolve-pins.sh against the host's real apt lists: pins Debian no longer serves move
/// to a newer Debian revision of the same upstream version (one line each), strict mode refuses, a
/// different upstream is refused by name, and the kernel follows its metapackage across an ABI bump.
/// Expected versions come from apt itself (apt-cache madison / show), not from the resolver.
/// </summary>
public sealed class PinResolutionTests : IDisposable
{
    private static readonly string Resolver = Repo.Appliance("lib/resolve-pins.sh");
    private readonly string _dir = Directory.CreateTempSubdirectory("b2p-pins-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task PinsOneRevisionBehindMoveToTheServedRevisionOfTheSameUpstream()
    {
        string aged = await AgedManifestAsync();
        var agedPins = Pins(File.ReadAllText(aged));
        var current = Pins(File.ReadAllText(Repo.Manifest));
        var changed = agedPins.Where(p => current[p.Key] != p.Value).ToDictionary();
        Assert.True(changed.Count >= current.Count - 5, $"age-pins.sh aged only {changed.Count} of {current.Count} pins");
        var served = await Apt.ServedAsync(agedPins.Keys);
        Assert.All(changed, p => Assert.DoesNotContain(p.Value, served[p.Key]));   // really not served

        var r = await Repo.BashAsync(Resolver, aged);

        Assert.True(r.ExitCode == 0, r.ToString());
        var resolved = Pairs(r.Lines);
        Assert.Equal(agedPins.Count, resolved.Count);
        foreach (var (name, agedVersion) in changed)
        {
            string now = resolved[name];
            Assert.Contains(now, served[name]);
            Assert.Equal(UpstreamOf(agedVersion), UpstreamOf(now));
            Assert.Contains($"drift: {name} {agedVersion} → {now} ", r.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal(changed.Count, r.Stderr.Split('\n').Count(l => l.StartsWith("resolve: drift: ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task StrictModeRefusesEveryPinNotServedAndNamesIt()
    {
        string aged = await AgedManifestAsync();
        var current = Pins(File.ReadAllText(Repo.Manifest));
        var changed = Pins(File.ReadAllText(aged)).Where(p => current[p.Key] != p.Value).ToList();

        var r = await Repo.RunAsync("bash", [Resolver, aged], TimeSpan.FromMinutes(2), new Dictionary<string, string> { ["BOOT2PODMAN_STRICT_PINS"] = "1" });

        Assert.Equal(1, r.ExitCode);
        Assert.Empty(r.Stdout);
        Assert.All(changed, p => Assert.Contains($"error: {p.Key} {p.Value} (not served; strict mode", r.Stderr, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADifferentUpstreamVersionIsRefusedNamingThePackage()
    {
        string manifest = Rewrite(l => l.StartsWith("pin busybox ", StringComparison.Ordinal) ? "pin busybox 1:9.9.9-1" : l);

        var r = await Repo.BashAsync(Resolver, manifest);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("error: busybox 1:9.9.9-1 (not served, and Debian serves no newer revision of 1:9.9.9; run appliance/update-manifest.sh)", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWantWithoutAPinIsAStaleManifest()
    {
        string manifest = Rewrite(l => l == "want podman" ? "want podman\nwant no-such-package-b2p" : l);

        var r = await Repo.BashAsync(Resolver, manifest);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("wanted but not pinned: no-such-package-b2p", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheKernelFollowsItsMetapackageWhenItsAbiPackageIsGone()
    {
        // An ABI and a point release Debian 12 never had: as a manifest looks after several kernel updates.
        string manifest = Rewrite(l =>
            l.StartsWith("pin linux-image-", StringComparison.Ordinal) ? "pin linux-image-6.1.0-1-amd64 6.1.3-1"
            : l.StartsWith("pin bpftool ", StringComparison.Ordinal) ? "pin bpftool 7.1.0+6.1.3-1"
            : l);
        string meta = File.ReadLines(Repo.Manifest).Single(l => l.StartsWith("kernel ", StringComparison.Ordinal)).Split(' ')[1];
        var (kernel, kernelVersion) = await Apt.ExactDependencyAsync(meta, "linux-image-");

        var r = await Repo.BashAsync(Resolver, manifest);

        Assert.True(r.ExitCode == 0, r.ToString());
        var resolved = Pairs(r.Lines);
        Assert.Equal(kernelVersion, resolved[kernel]);
        Assert.DoesNotContain("linux-image-6.1.0-1-amd64", resolved.Keys);
        Assert.Equal(kernelVersion, await Apt.SourceVersionAsync("bpftool", resolved["bpftool"]));
        Assert.Contains($"kernel: linux-image-6.1.0-1-amd64 6.1.3-1 → {kernel} {kernelVersion} ", r.Stderr, StringComparison.Ordinal);
        Assert.Contains($"kernel: bpftool 7.1.0+6.1.3-1 → {resolved["bpftool"]} ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APinWhoseDebIsCachedIsUsedAsPinned()
    {
        string cache = Directory.CreateDirectory(Path.Combine(_dir, "debs")).FullName;
        File.WriteAllText(Path.Combine(cache, "busybox_1%3a9.9.9-1_amd64.deb"), "");
        string manifest = Rewrite(l => l.StartsWith("pin busybox ", StringComparison.Ordinal) ? "pin busybox 1:9.9.9-1" : l);

        var r = await Repo.BashAsync(Resolver, manifest, cache);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("1:9.9.9-1", Pairs(r.Lines)["busybox"]);
    }

    private async Task<string> AgedManifestAsync()
    {
        var r = await Repo.BashAsync(Repo.Appliance("tests/age-pins.sh"), Repo.Manifest);
        Assert.True(r.ExitCode == 0, r.ToString());
        string path = Path.Combine(_dir, "manifest.aged");
        File.WriteAllText(path, r.Stdout);
        return path;
    }

    private string Rewrite(Func<string, string> line)
    {
        string path = Path.Combine(_dir, "manifest");
        File.WriteAllLines(path, File.ReadLines(Repo.Manifest).Select(line));
        return path;
    }

    private static Dictionary<string, string> Pins(string manifest) =>
        Pairs(manifest.Split('\n').Where(l => l.StartsWith("pin ", StringComparison.Ordinal)).Select(l => l[4..]));

    private static Dictionary<string, string> Pairs(IEnumerable<string> lines) =>
        lines.Select(l => l.Split(' ')).ToDictionary(f => f[0], f => f[1]);

    // Epoch and upstream: everything before the Debian revision (the last '-').
    private static string UpstreamOf(string version) => version[..version.LastIndexOf('-')];
}
