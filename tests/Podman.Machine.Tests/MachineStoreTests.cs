using System.Text.Json;

namespace Podman.Machine.Tests;

public sealed class MachineStoreTests
{
    private static async Task<(MachineStore Store, string Iso)> NewStoreAsync(TempDirectory dir)
    {
        string iso = dir.File("fake.iso");
        await File.WriteAllTextAsync(iso, "not really an ISO");
        return (new MachineStore(dir.File("machines")), iso);
    }

    [Fact]
    public async Task CreatedMachineConfigRoundTripsThroughJson()
    {
        using var dir = new TempDirectory();
        (MachineStore store, string iso) = await NewStoreAsync(dir);

        await using PodmanMachine created = await store.CreateAsync(new MachineCreateOptions
        {
            Name = "box-1",
            IsoPath = iso,
            DataDiskSizeBytes = 128L * 1024 * 1024,
            MemoryMiB = 1024,
            Cpus = 1,
            Accelerator = MachineAccelerator.Tcg,
        });
        await using PodmanMachine opened = await store.OpenAsync("box-1");

        Assert.Equal(created.Config, opened.Config);
        Assert.Equal(["box-1"], store.List());
        MachineConfig c = opened.Config;
        Assert.Equal((iso, 1024, 1, MachineAccelerator.Tcg, "root"), (c.IsoPath, c.MemoryMiB, c.Cpus, c.Accelerator, c.SshUser));
        Assert.True(File.Exists(c.DataDiskPath));
        Assert.True(File.Exists(c.IdentityFile) && File.Exists(c.IdentityFile + ".pub"));
        Assert.True(File.Exists(c.HostKeyFile));
        Assert.Equal(SshKeys.Fingerprint(await File.ReadAllTextAsync(c.HostKeyFile + ".pub")), c.HostKeyFingerprint);
        Assert.NotEqual(SshKeys.Fingerprint(await File.ReadAllTextAsync(c.IdentityFile + ".pub")), c.HostKeyFingerprint);
        Assert.False(opened.IsRunning);

        string json = await File.ReadAllTextAsync(Path.Combine(opened.Directory, MachineStore.ConfigFileName));
        using JsonDocument doc = JsonDocument.Parse(json);
        Assert.Equal("tcg", doc.RootElement.GetProperty("accelerator").GetString(), ignoreCase: true);
        Assert.Equal(128L * 1024 * 1024, doc.RootElement.GetProperty("dataDiskSizeBytes").GetInt64());
    }

    [Fact]
    public async Task MachineWithoutDataDiskHasNoDiskPath()
    {
        using var dir = new TempDirectory();
        (MachineStore store, string iso) = await NewStoreAsync(dir);

        await using PodmanMachine machine = await store.CreateAsync(new MachineCreateOptions { Name = "ram", IsoPath = iso, DataDiskSizeBytes = null });

        Assert.Null(machine.Config.DataDiskPath);
        Assert.Empty(Directory.GetFiles(machine.Directory, "*.qcow2"));
        Assert.False(JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(machine.Directory, "config.json"))).RootElement.TryGetProperty("dataDiskPath", out _));
    }

    [Fact]
    public async Task RemoveDeletesTheMachineDirectory()
    {
        using var dir = new TempDirectory();
        (MachineStore store, string iso) = await NewStoreAsync(dir);
        await (await store.CreateAsync(new MachineCreateOptions { Name = "gone", IsoPath = iso, DataDiskSizeBytes = null })).DisposeAsync();

        await store.RemoveAsync("gone");

        Assert.Empty(store.List());
        Assert.False(Directory.Exists(Path.Combine(store.RootDirectory, "gone")));
        await Assert.ThrowsAsync<MachineException>(() => store.OpenAsync("gone"));
    }

    [Fact]
    public async Task CreatingAnExistingMachineFailsAndKeepsIt()
    {
        using var dir = new TempDirectory();
        (MachineStore store, string iso) = await NewStoreAsync(dir);
        var options = new MachineCreateOptions { Name = "twice", IsoPath = iso, DataDiskSizeBytes = null };
        await (await store.CreateAsync(options)).DisposeAsync();

        MachineException e = await Assert.ThrowsAsync<MachineException>(() => store.CreateAsync(options));

        Assert.Contains("exists already", e.Message);
        await (await store.OpenAsync("twice")).DisposeAsync();
    }

    [Theory]
    [InlineData("")]
    [InlineData("-leading-dash")]
    [InlineData("has/slash")]
    [InlineData("..")]
    [InlineData("spaces are bad")]
    public async Task InvalidNameIsRefusedNamingTheParameter(string name)
    {
        using var dir = new TempDirectory();
        var store = new MachineStore(dir.File("machines"));

        ArgumentException e = await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(new MachineCreateOptions { Name = name, IsoPath = "/nonexistent.iso" }));

        Assert.Equal("options", e.ParamName);
        Assert.Contains("machine name", e.Message);
        Assert.False(Directory.Exists(store.RootDirectory));
    }

    [Fact]
    public async Task TooLittleMemoryIsRefusedNamingTheOption()
    {
        using var dir = new TempDirectory();
        var store = new MachineStore(dir.File("machines"));

        ArgumentException e = await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(new MachineCreateOptions { Name = "small", MemoryMiB = 64 }));

        Assert.Contains(nameof(MachineCreateOptions.MemoryMiB), e.Message);
    }

    [Fact]
    public async Task MissingIsoFailsWithHowToBuildIt()
    {
        using var dir = new TempDirectory();
        var store = new MachineStore(dir.File("machines"));

        FileNotFoundException e = await Assert.ThrowsAsync<FileNotFoundException>(() => store.CreateAsync(new MachineCreateOptions { Name = "noiso", IsoPath = dir.File("missing.iso") }));

        Assert.Contains("missing.iso", e.Message);
        Assert.False(Directory.Exists(Path.Combine(store.RootDirectory, "noiso")));
    }

    [Fact]
    public async Task CorruptConfigIsReportedWithItsPath()
    {
        using var dir = new TempDirectory();
        var store = new MachineStore(dir.File("machines"));
        string machineDir = Path.Combine(store.RootDirectory, "broken");
        Directory.CreateDirectory(machineDir);
        await File.WriteAllTextAsync(Path.Combine(machineDir, "config.json"), "{ not json");

        MachineException e = await Assert.ThrowsAsync<MachineException>(() => store.OpenAsync("broken"));

        Assert.Contains(Path.Combine(machineDir, "config.json"), e.Message);
    }

    [Theory]
    [InlineData(true)]    // a snapshot as SaveSnapshotAsync writes it now
    [InlineData(false)]   // one written before the host key's .pub was copied: private key only
    public async Task AMachineFromASnapshotHasTheHostPublicKeyBesideItsPrivateKey(bool snapshotHasPublicKey)
    {
        using var dir = new TempDirectory();
        (MachineStore store, string iso) = await NewStoreAsync(dir);
        string snapshotDir = await FakeSnapshotAsync(dir.File("snapshot"), iso, snapshotHasPublicKey);
        ToolResult keygen = await ToolRunner.RunCheckedAsync("ssh-keygen", ["-y", "-f", Path.Combine(snapshotDir, "ssh_host_ed25519_key")], TimeSpan.FromMinutes(1), default);
        string expected = string.Join(' ', keygen.StandardOutput.Trim().Split(' ').Take(2));   // type and key, not the comment

        await using PodmanMachine clone = await store.CreateFromSnapshotAsync("clone", snapshotDir);

        string pub = (await File.ReadAllTextAsync(clone.Config.HostKeyFile + ".pub")).Trim();
        Assert.Equal(expected, string.Join(' ', pub.Split(' ').Take(2)));
        Assert.Equal(clone.Config.HostKeyFingerprint, SshKeys.Fingerprint(pub));
        Assert.True(File.Exists(Path.Combine(snapshotDir, "ssh_host_ed25519_key.pub")) == snapshotHasPublicKey, "the snapshot itself is left as it was");

        File.Delete(clone.Config.HostKeyFile + ".pub");   // a clone made before the .pub was kept
        await using PodmanMachine reopened = await store.OpenAsync("clone");
        Assert.Equal(pub.Split(' ').Take(2), (await File.ReadAllTextAsync(reopened.Config.HostKeyFile + ".pub")).Trim().Split(' ').Take(2));
    }

    // A snapshot directory as SaveSnapshotAsync writes one, without a data disk; the memory state is not real
    // (nothing here starts the clone).
    private static async Task<string> FakeSnapshotAsync(string directory, string iso, bool withHostPublicKey)
    {
        Directory.CreateDirectory(directory);
        await SshKeys.GenerateEd25519Async(Path.Combine(directory, "id_ed25519"), "user@snapshot");
        string hostKey = Path.Combine(directory, "ssh_host_ed25519_key");
        string fingerprint = await SshKeys.GenerateEd25519Async(hostKey, "root@snapshot");
        if (!withHostPublicKey)
        {
            File.Delete(hostKey + ".pub");
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "memory.state"), "not a real migration stream");
        var snapshot = new MachineSnapshot
        {
            SourceMachine = "golden",
            IsoPath = iso,
            IsoSha256 = await MachineSnapshot.HashFileAsync(iso, default),
            MemoryMiB = 1024,
            Cpus = 1,
            Accelerator = MachineAccelerator.Tcg,
            DirectBoot = true,
            HasDataDisk = false,
            HostKeyFingerprint = fingerprint,
        };
        await File.WriteAllTextAsync(Path.Combine(directory, MachineSnapshot.FileName), JsonSerializer.Serialize(snapshot, MachineJsonContext.Default.MachineSnapshot));
        return directory;
    }

    [Fact]
    public void DefaultStoreFollowsXdgDataHome()
    {
        string? saved = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        try
        {
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", "/srv/data");
            Assert.Equal("/srv/data/boot2podman/machines", MachineStore.DefaultRootDirectory);
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", null);
            Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local/share/boot2podman/machines"), MachineStore.DefaultRootDirectory);
        }
        finally
        {
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", saved);
        }
    }
}
