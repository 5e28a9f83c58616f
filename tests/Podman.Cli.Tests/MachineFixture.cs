namespace Podman.Cli.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class VmCollection : ICollectionFixture<MachineFixture>
{
    public const string Name = "vm";
}

/// <summary>
/// One appliance VM for the collection, created and booted by the CLI itself (machine init, machine start)
/// from $BOOT2PODMAN_ISO or artifacts/boot2podman.iso; stopped and removed by the CLI at the end.
/// Run under the shared lock: flock /work/locks/vm dotnet test ... --filter Category=VM.
/// </summary>
public sealed class MachineFixture : IAsyncLifetime
{
    public const string Name = "clivm";

    public string Store { get; } = CliRunner.NewTempDirectory("vmstore");

    public CliResult Init { get; private set; } = null!;

    public CliResult Start { get; private set; } = null!;

    public string[] Args(params string[] arguments) => [.. arguments.Take(2), Name, "--store", Store, .. arguments.Skip(2)];

    public async Task InitializeAsync()
    {
        string iso = Environment.GetEnvironmentVariable("BOOT2PODMAN_ISO") is { Length: > 0 } given ? given : Path.Combine(CliRunner.RepoRoot, "artifacts", "boot2podman.iso");
        if (!File.Exists(iso))
        {
            throw new InvalidOperationException($"{iso} is missing: set BOOT2PODMAN_ISO or build it (bash scripts/prepare.d/50-appliance.sh).");
        }

        Init = await CliRunner.RunAsync("machine", "init", Name, "--store", Store, "--iso", iso, "--no-disk", "--memory", "1536");
        if (Init.ExitCode != 0)
        {
            throw new InvalidOperationException($"machine init failed ({Init.ExitCode}): {Init.Error}");
        }

        Start = await CliRunner.RunAsync(["machine", "start", Name, "--store", Store, "--timeout", "900"], timeout: TimeSpan.FromMinutes(16));
        if (Start.ExitCode != 0)
        {
            throw new InvalidOperationException($"machine start failed ({Start.ExitCode}): {Start.Output}{Start.Error}");
        }
    }

    public async Task DisposeAsync()
    {
        await CliRunner.RunAsync(["machine", "stop", Name, "--store", Store, "--timeout", "60"], timeout: TimeSpan.FromMinutes(3));
        await CliRunner.RunAsync("machine", "rm", Name, "--store", Store);
        Directory.Delete(Store, recursive: true);
    }
}
