using System.Formats.Tar;

namespace Podman.Cli.Tests;

/// <summary><c>cp</c>'s two sides as a podman user writes them, and the way a copied tree lands here.</summary>
public sealed class CopyTests : IDisposable
{
    private readonly string _directory = CliRunner.NewTempDirectory("cp");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("web:/etc/passwd", "web", "/etc/passwd")]
    [InlineData("3f2a:relative/dir", "3f2a", "relative/dir")]
    [InlineData("web:/a:b", "web", "/a:b")]
    [InlineData("/tmp/a:b", null, "/tmp/a:b")]
    [InlineData("./web:x", null, "./web:x")]
    [InlineData("dir/web:x", null, "dir/web:x")]
    [InlineData("plain", null, "plain")]
    [InlineData("-", null, "-")]
    public void AWordIsContainerPathOnlyWithANameBeforeItsFirstColon(string word, string? container, string path)
    {
        Assert.Equal(new CopyLocation(container, path), CopyLocation.Parse(word));
    }

    [Theory]
    [InlineData("/etc/passwd", "/etc", "passwd")]
    [InlineData("/etc/", "/", "etc")]
    [InlineData("/top", "/", "top")]
    [InlineData("/", "/", ".")]
    [InlineData("rel", ".", "rel")]
    [InlineData("a/b/c//", "a/b", "c")]
    public void AContainerPathSplitsIntoTheDirectoryTarChangesToAndTheName(string path, string directory, string name)
    {
        Assert.Equal((directory, name), CopyLocation.Split(path));
    }

    [Theory]
    [InlineData("a", "b", "one of SOURCE and DESTINATION must be CONTAINER:PATH")]
    [InlineData("web:/a", "db:/b", "copying from one container to another is not supported")]
    [InlineData(":/a", "b", "no container before the colon")]
    [InlineData("web:", "b", "no path in the container after the colon")]
    [InlineData("web:/a", "", "an empty path")]
    public async Task ACommandLineWithoutExactlyOneContainerSideIsRefusedBeforeConnecting(string source, string destination, string expected)
    {
        // No machine and no address: the refusal comes from parsing, before any connection is looked for.
        CliResult result = await CliRunner.RunAsync(["--url", "unix:/nonexistent/io.podman", "cp", source, destination], new Dictionary<string, string?> { ["XDG_DATA_HOME"] = _directory });

        Assert.Equal(125, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Contains("See 'podman-cli cp --help'.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATreeFromTheContainerLandsUnderTheDestinationNameWithItsFilesAndLinks()
    {
        // As busybox's `tar -c -C /srv data` names it: the copied directory first, then what is in it.
        using var archive = new MemoryStream();
        await using (var tar = new TarWriter(archive, TarEntryFormat.Gnu, leaveOpen: true))
        {
            await tar.WriteEntryAsync(new GnuTarEntry(TarEntryType.Directory, "data/"));
            await tar.WriteEntryAsync(new GnuTarEntry(TarEntryType.RegularFile, "data/a.txt") { DataStream = new MemoryStream("alpha\n"u8.ToArray()) });
            await tar.WriteEntryAsync(new GnuTarEntry(TarEntryType.Directory, "data/sub/"));
            await tar.WriteEntryAsync(new GnuTarEntry(TarEntryType.RegularFile, "data/sub/b.txt") { DataStream = new MemoryStream("beta\n"u8.ToArray()) });
            await tar.WriteEntryAsync(new GnuTarEntry(TarEntryType.SymbolicLink, "data/link") { LinkName = "a.txt" });
        }

        archive.Position = 0;
        string root = Path.Combine(_directory, "copy");
        await CopyCommand.ExtractAsync(archive, root, CancellationToken.None);

        Assert.Equal("alpha\n", await File.ReadAllTextAsync(Path.Combine(root, "a.txt")));
        Assert.Equal("beta\n", await File.ReadAllTextAsync(Path.Combine(root, "sub", "b.txt")));
        Assert.Equal("a.txt", new FileInfo(Path.Combine(root, "link")).LinkTarget);
    }

    [Fact]
    public async Task ANameThatClimbsOutOfTheCopiedPathIsRefused()
    {
        using var archive = new MemoryStream();
        await using (var tar = new TarWriter(archive, TarEntryFormat.Gnu, leaveOpen: true))
        {
            await tar.WriteEntryAsync(new GnuTarEntry(TarEntryType.RegularFile, "data/../../escaped") { DataStream = new MemoryStream([1]) });
        }

        archive.Position = 0;
        await Assert.ThrowsAsync<InvalidDataException>(() => CopyCommand.ExtractAsync(archive, Path.Combine(_directory, "copy"), CancellationToken.None));
        Assert.False(File.Exists(Path.Combine(_directory, "escaped")));
    }
}
