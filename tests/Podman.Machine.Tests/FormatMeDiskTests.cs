using System.Formats.Tar;
using System.Text;
using System.Text.Json;

namespace Podman.Machine.Tests;

public sealed class FormatMeDiskTests
{
    private const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq1ofLZrUrLxyJdg+3bNQVkm1V1GpKv8n9nmPkQ2FfB test@host";

    [Fact]
    public void UserDataTarStartsWithTheMagicMemberThenTheSshKey()
    {
        byte[] tar = FormatMeDisk.BuildUserDataTar(Key);

        Assert.Equal(FormatMeDisk.MagicMember, Encoding.ASCII.GetString(tar, 0, 29));
        Assert.True(tar.Length <= FormatMeDisk.UserDataSize, $"tar is {tar.Length} bytes");
        Assert.Equal(0, tar.Length % 512);

        using var reader = new TarReader(new MemoryStream(tar));
        var entries = new List<(string Name, TarEntryType Type, UnixFileMode Mode, string Content)>();
        while (reader.GetNextEntry() is { } entry)
        {
            string content = entry.DataStream is null ? "" : new StreamReader(entry.DataStream).ReadToEnd();
            entries.Add((entry.Name, entry.EntryType, entry.Mode, content));
        }

        Assert.Equal(3, entries.Count);
        Assert.Equal((FormatMeDisk.MagicMember, TarEntryType.RegularFile), (entries[0].Name, entries[0].Type));
        Assert.Equal(FormatMeDisk.MagicMember, entries[0].Content);
        Assert.Equal((".ssh/", TarEntryType.Directory), (entries[1].Name, entries[1].Type));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, entries[1].Mode);
        Assert.Equal((".ssh/authorized_keys", TarEntryType.RegularFile), (entries[2].Name, entries[2].Type));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, entries[2].Mode);
        Assert.Equal(Key + "\n", entries[2].Content);
    }

    [Fact]
    public void UserDataTarIsTheSameForTheSameKeys()
    {
        Assert.Equal(FormatMeDisk.BuildUserDataTar(Key), FormatMeDisk.BuildUserDataTar(Key));
    }

    [Fact]
    public void UserDataTarThatWouldNotFitInFourKibIsRefused()
    {
        string keys = string.Join("\n", Enumerable.Repeat(Key, 40));

        ArgumentException e = Assert.Throws<ArgumentException>(() => FormatMeDisk.BuildUserDataTar(keys));
        Assert.Equal("authorizedKeys", e.ParamName);
        Assert.Contains("4096", e.Message);
    }

    [Fact]
    public async Task QcowDiskHasTheWantedSizeAndStartsWithTheTar()
    {
        using var dir = new TempDirectory();
        string disk = dir.File("disk.qcow2");
        long size = 256L * 1024 * 1024;

        await FormatMeDisk.CreateAsync(disk, size, Key);

        ToolResult info = await ToolRunner.RunCheckedAsync("qemu-img", ["info", "--output=json", disk], TimeSpan.FromMinutes(1), default);
        using JsonDocument json = JsonDocument.Parse(info.StandardOutput);
        Assert.Equal("qcow2", json.RootElement.GetProperty("format").GetString());
        Assert.Equal(size, json.RootElement.GetProperty("virtual-size").GetInt64());

        // Read the disk back as the guest sees it: the first 4 KiB must be the tar, and GNU tar must list it.
        string raw = dir.File("head.raw");
        await ToolRunner.RunCheckedAsync("qemu-img", ["dd", "-f", "qcow2", "-O", "raw", "bs=4096", "count=1", $"if={disk}", $"of={raw}"], TimeSpan.FromMinutes(1), default);
        byte[] head = await File.ReadAllBytesAsync(raw);
        byte[] tar = FormatMeDisk.BuildUserDataTar(Key);
        Assert.Equal(tar, head.AsSpan(0, tar.Length).ToArray());
        Assert.All(head.AsSpan(tar.Length).ToArray(), b => Assert.Equal(0, b));

        ToolResult list = await ToolRunner.RunCheckedAsync("tar", ["-tf", raw], TimeSpan.FromMinutes(1), default);
        Assert.Equal([FormatMeDisk.MagicMember, ".ssh/", ".ssh/authorized_keys"], list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(disk + ".raw"), "the temporary raw image is removed");
    }

    [Fact]
    public async Task DiskSmallerThanTheMinimumIsRefused()
    {
        using var dir = new TempDirectory();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => FormatMeDisk.CreateAsync(dir.File("d.qcow2"), 1024 * 1024, Key));
        Assert.False(File.Exists(dir.File("d.qcow2")));
    }
}
