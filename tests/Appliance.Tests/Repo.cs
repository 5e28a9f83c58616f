using System.Diagnostics;

namespace Appliance.Tests;

/// <summary>The repository's appliance/ folder and a way to run its scripts.</summary>
internal static class Repo
{
    public static readonly string Root = FindRoot();

    public static string Appliance(string relative) => Path.Combine(Root, "appliance", relative);

    public static string Manifest => Appliance("manifest");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "appliance", "manifest")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no appliance/manifest above {AppContext.BaseDirectory}");
    }

    /// <summary>Runs a program to its end (bounded by <paramref name="timeout"/>), collecting its output.</summary>
    public static async Task<ScriptResult> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not end within {timeout}");
        }

        return new ScriptResult(process.ExitCode, await stdout, await stderr);
    }

    public static Task<ScriptResult> BashAsync(string script, params string[] arguments) =>
        RunAsync("bash", [script, .. arguments], TimeSpan.FromMinutes(2));
}

internal sealed record ScriptResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
