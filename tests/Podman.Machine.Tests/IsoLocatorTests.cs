namespace Podman.Machine.Tests;

/// <summary>Finding the ISO, and saying why it is missing when its build failed (<c>&lt;iso&gt;.build-error</c>).</summary>
public sealed class IsoLocatorTests
{
    private static string[] BuildOutput(int lines) =>
        Enumerable.Range(1, lines).Select(i => $"build step {i:00}: {(i == lines ? "E: Version '6.1.192-2' for 'hyperv-daemons' was not found" : "ok")}").ToArray();

    [Fact]
    public void ExistingIsoIsReturnedWithItsFullPath()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("boot2podman.iso"), "iso");

        Assert.Equal(dir.File("boot2podman.iso"), IsoLocator.Locate(dir.File("boot2podman.iso")));
    }

    [Fact]
    public void MissingIsoWithABuildErrorFileEndsWithTheLastTwentyLinesOfTheBuild()
    {
        using var dir = new TempDirectory();
        string iso = dir.File("boot2podman.iso");
        File.WriteAllLines(iso + IsoLocator.BuildErrorSuffix, BuildOutput(30));

        FileNotFoundException e = Assert.Throws<FileNotFoundException>(() => IsoLocator.Locate(iso));

        Assert.Contains("does not exist", e.Message);
        Assert.Contains("Its build failed", e.Message);
        Assert.Contains(iso + ".build-error", e.Message);
        Assert.Contains("build step 30: E: Version '6.1.192-2' for 'hyperv-daemons' was not found", e.Message);
        Assert.Contains("build step 11: ok", e.Message);
        Assert.DoesNotContain("build step 10:", e.Message);
    }

    [Fact]
    public void MissingIsoWithoutABuildErrorFileSaysOnlyThatItIsMissing()
    {
        using var dir = new TempDirectory();

        FileNotFoundException e = Assert.Throws<FileNotFoundException>(() => IsoLocator.Locate(dir.File("boot2podman.iso")));

        Assert.Contains("does not exist", e.Message);
        Assert.DoesNotContain("build failed", e.Message);
    }

    [Fact]
    public void TheApplianceFixtureFailsWithTheBuildError()
    {
        using var dir = new TempDirectory();
        string iso = dir.File("boot2podman.iso");
        File.WriteAllLines(iso + IsoLocator.BuildErrorSuffix, BuildOutput(3));

        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => ApplianceFixture.LocateIso(iso));

        Assert.Contains("The appliance tests need the ISO", e.Message);
        Assert.Contains("build step 01: ok", e.Message);
        Assert.Contains("'hyperv-daemons' was not found", e.Message);
    }
}
