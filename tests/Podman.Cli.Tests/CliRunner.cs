using System.Diagnostics;
using System.Text;

namespace Podman.Cli.Tests;

/// <summary>What one run of podman-cli printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs the built podman-cli (samples/Podman.Cli/bin/&lt;Configuration&gt;) as a process.</summary>
internal static class CliRunner
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string CliDll { get; } = FindCli();

    public static async Task<CliResult> RunAsync(IEnumerable<string> arguments, IDictionary<string, string?>? environment = null, string? input = null, TimeSpan? timeout = null)
    {
        using Process process = Start(arguments, environment, redirectInput: true);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var cancellation = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"podman-cli {string.Join(' ', arguments)} did not exit in time; stderr so far: {(error.IsCompleted ? error.Result : "")}");
        }

        return new CliResult(process.ExitCode, await output, await error);
    }

    public static Task<CliResult> RunAsync(params string[] arguments) => RunAsync(arguments, null);

    public static Process Start(IEnumerable<string> arguments, IDictionary<string, string?>? environment = null, bool redirectInput = false)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(CliDll);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The developer's own connection settings must not leak into the tests.
        foreach (string variable in new[] { "PODMAN_VARLINK_BRIDGE", "PODMAN_VARLINK_ADDRESS", "PODMAN_CONNECTION", "PODMAN_VARLINK_IDENTITY", "PODMAN_VARLINK_KNOWN_HOSTS", "PODMAN_CLI_DEBUG" })
        {
            info.Environment.Remove(variable);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach ((string key, string? value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
    }

    public static string NewTempDirectory(string what)
    {
        string path = Path.Combine(Path.GetTempPath(), $"podman-cli-tests-{what}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(path);
        return path;
    }

    // The nearest directory above the test binaries that holds the solution.
    private static string FindRepoRoot() =>
        Enumerable.Range(0, 12)
            .Select(up => Path.GetFullPath(Path.Combine([AppContext.BaseDirectory, .. Enumerable.Repeat("..", up)])))
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "Podman.Client.sln")))
        ?? throw new InvalidOperationException("Podman.Client.sln not found above " + AppContext.BaseDirectory);

    private static string FindCli()
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        string path = Path.Combine(RepoRoot, "samples", "Podman.Cli", "bin", configuration, "net10.0", "podman-cli.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: build tests/Podman.Cli.Tests (it builds the CLI) in {configuration}.");
    }
}
