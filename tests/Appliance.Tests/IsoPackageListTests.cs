using System.Security.Cryptography;

namespace Appliance.Tests;

/// <summary>
/// Every ISO says what it contains: the build writes the exact package list (name, version, sha256 of
/// the .deb) beside the ISO and into it as /usr/share/boot2podman/packages.
/// </summary>
public sealed class IsoPackageListTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("b2p-iso-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task TheIsoHoldsThePackageListWrittenBesideIt()
    {
        string iso = LocateIso();
        string beside = File.ReadAllText(iso + ".packages");

        var extract = await Repo.RunAsync("xorriso", ["-osirrox", "on", "-indev", iso, "-extract", "/boot/initrd.img", Path.Combine(_dir, "initrd.img")], TimeSpan.FromMinutes(2));
        Assert.True(extract.ExitCode == 0, extract.ToString());
        var inside = await Repo.RunAsync("bash", ["-c", $"xz -dc '{_dir}/initrd.img' | cpio -i --quiet --to-stdout usr/share/boot2podman/packages"], TimeSpan.FromMinutes(3));
        Assert.True(inside.ExitCode == 0, inside.ToString());

        Assert.Equal(beside, inside.Stdout);
        var entries = beside.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split(' ')).ToList();
        Assert.All(entries, e => Assert.Equal(3, e.Length));
        Assert.Contains(entries, e => e[0] == "podman");
        Assert.Contains(entries, e => e[0].StartsWith("linux-image-", StringComparison.Ordinal));

        // The hashes are the .debs' own (checked against the build's package cache where it has them).
        string cache = Repo.Appliance("cache/debs");
        int checkedDebs = 0;
        foreach (var e in entries)
        {
            string? deb = Directory.Exists(cache) ? Directory.EnumerateFiles(cache, $"{e[0]}_{e[1].Replace(":", "%3a", StringComparison.Ordinal)}_*.deb").FirstOrDefault() : null;
            if (deb is null)
            {
                continue;
            }

            await using var stream = File.OpenRead(deb);
            Assert.Equal(e[2], Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
            checkedDebs++;
        }

        Assert.True(checkedDebs > 0 || !Directory.Exists(cache), "no .deb of the list is in appliance/cache/debs");
    }

    /// <summary>The ISO the suite was given; when its build failed, the build's own error.</summary>
    private static string LocateIso()
    {
        string iso = Environment.GetEnvironmentVariable("BOOT2PODMAN_ISO") is { Length: > 0 } set ? set : Path.Combine(Repo.Root, "artifacts", "boot2podman.iso");
        if (File.Exists(iso))
        {
            return iso;
        }

        string error = iso + ".build-error";
        string why = File.Exists(error)
            ? "its build failed:\n" + string.Join('\n', File.ReadLines(error).TakeLast(20))
            : "build it with scripts/prepare.d/50-appliance.sh";
        throw new InvalidOperationException($"{iso} does not exist; {why}");
    }
}
