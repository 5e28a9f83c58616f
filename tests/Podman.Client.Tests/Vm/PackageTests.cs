using System.Diagnostics;
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Xml.Linq;

namespace Podman.Client.Tests.Vm;

/// <summary>
/// What a NuGet user does: the packages packed into a local folder feed, a fresh console app that adds Podman.Client
/// from it (restored with that folder beside the machine's normal NuGet source), run against the appliance.
/// </summary>
[Collection(ClientApplianceCollection.Name)]
public sealed class PackageTests(ClientApplianceFixture appliance)
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));

    private static readonly string[] Libraries = ["Varlink.Net", "Varlink.Net.Ssh", "Varlink.Net.Extensions", "Varlink.Net.Ssh.Extensions", "Podman.Client", "Podman.Machine", "Podman.Testing"];

    [Fact]
    public async Task PackedPodmanClientRestoresIntoAFreshConsoleAppThatRunsAContainer()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(40));
        var work = Directory.CreateTempSubdirectory("local-feed-");
        try
        {
            // A version of this run's own, so that no package cache can answer with an older build.
            var version = "0.1.0-feed." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
            var feed = Path.Combine(work.FullName, "feed");
            await DotnetAsync(Root, timeout.Token, "pack", "src/packages.slnf", "-c", "Release", "-o", feed, "-nologo", $"-p:Version={version}", "-p:ContinuousIntegrationBuild=true");
            CheckPackages(feed, version);

            var app = Path.Combine(work.FullName, "app");
            await DotnetAsync(work.FullName, timeout.Token, "new", "console", "-o", app, "-n", "FeedUser");
            // The local folder first, then whatever sources the machine's own NuGet configuration has (not cleared);
            // a packages folder of its own, with the machine's as a fallback for the dependencies already there.
            var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <config><add key="globalPackagesFolder" value="{Path.Combine(work.FullName, "packages")}" /></config>
                  <packageSources><add key="local" value="{feed}" /></packageSources>
                  <fallbackPackageFolders><add key="machine" value="{machinePackages}" /></fallbackPackageFolders>
                </configuration>
                """, timeout.Token);
            await DotnetAsync(app, timeout.Token, "add", "package", "Podman.Client", "--version", version);
            await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
                using Podman.Client;

                // args: identity file, host key fingerprint, image; the address comes from PODMAN_VARLINK_ADDRESS.
                var options = new PodmanClientOptions { IdentityFiles = { args[0] }, HostKeyFingerprints = { args[1] } };
                await using var podman = new PodmanClient(options);
                var info = await podman.System.GetInfoAsync();
                var run = await podman.Containers.RunAsync(args[2], ["sh", "-c", "echo hello from a NuGet user"]);
                Console.WriteLine($"podman {info.PodmanVersion}; exit {run.ExitCode}; {run.Stdout.Trim()}");
                """, timeout.Token);

            var target = appliance.Machine.CreateClientOptions();
            var output = await DotnetAsync(
                app, timeout.Token, ["run", "-c", "Release", "--", target.IdentityFiles[0], target.HostKeyFingerprints[0], ClientApplianceFixture.Image],
                new Dictionary<string, string> { ["PODMAN_VARLINK_ADDRESS"] = target.Address! });
            Assert.Matches(@"podman 4\.\d+\.\d+; exit 0; hello from a NuGet user", output);

            // It ran the packed assembly, restored from the feed, not a project build.
            var assets = await File.ReadAllTextAsync(Path.Combine(app, "obj", "project.assets.json"), timeout.Token);
            Assert.Contains($"\"Podman.Client/{version}\"", assets, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(work.FullName, "packages", "podman.client", version, "lib", "net10.0", "Podman.Client.dll")));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Each package: its library with XML docs (or the generator as an analyzer only), README, license, commit, symbols with /_/ paths.</summary>
    private static void CheckPackages(string feed, string version)
    {
        foreach (var id in Libraries.Append("Varlink.Net.Generator"))
        {
            using var package = ZipFile.OpenRead(Path.Combine(feed, $"{id}.{version}.nupkg"));
            var entries = package.Entries.Select(e => e.FullName).ToHashSet();
            var nuspec = XDocument.Load(package.GetEntry(id + ".nuspec")!.Open()).Root!;
            XNamespace ns = nuspec.Name.Namespace;
            var metadata = nuspec.Element(ns + "metadata")!;
            Assert.Equal("Apache-2.0", metadata.Element(ns + "license")?.Value);
            Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
            Assert.Contains("README.md", entries);
            Assert.Matches("^[0-9a-f]{40}$", metadata.Element(ns + "repository")?.Attribute("commit")?.Value ?? "");
            Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value));

            if (id == "Varlink.Net.Generator")
            {
                Assert.Contains("analyzers/dotnet/cs/Varlink.Net.Generator.dll", entries);
                Assert.Contains("build/Varlink.Net.Generator.props", entries);
                Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));
                Assert.Null(metadata.Element(ns + "dependencies")?.Descendants(ns + "dependency").FirstOrDefault());
                Assert.Equal("true", metadata.Element(ns + "developmentDependency")?.Value);
                continue;
            }

            Assert.Contains($"lib/net10.0/{id}.dll", entries);
            Assert.Contains($"lib/net10.0/{id}.xml", entries);
            using var symbols = ZipFile.OpenRead(Path.Combine(feed, $"{id}.{version}.snupkg"));
            using var pdbStream = new MemoryStream();
            symbols.GetEntry($"lib/net10.0/{id}.pdb")!.Open().CopyTo(pdbStream);
            pdbStream.Position = 0;
            using var pdb = MetadataReaderProvider.FromPortablePdbStream(pdbStream);
            var reader = pdb.GetMetadataReader();
            var documents = reader.Documents.Select(d => reader.GetString(reader.GetDocument(d).Name)).ToList();
            Assert.NotEmpty(documents);
            Assert.All(documents, d => Assert.StartsWith("/_/", d, StringComparison.Ordinal));   // deterministic paths
        }
    }

    private static Task<string> DotnetAsync(string directory, CancellationToken cancellationToken, params string[] arguments) =>
        DotnetAsync(directory, cancellationToken, arguments, new Dictionary<string, string>());

    private static async Task<string> DotnetAsync(string directory, CancellationToken cancellationToken, string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("NUGET_PACKAGES");   // nuget.config's globalPackagesFolder decides for the app
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout;
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited {process.ExitCode}:\n{output}\n{await stderr}");
        return output;
    }
}
