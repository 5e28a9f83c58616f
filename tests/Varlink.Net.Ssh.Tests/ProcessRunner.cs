using System.Diagnostics;

namespace Varlink.Ssh.Tests;

/// <summary>Runs a short helper program (ssh-keygen and the like) with a timeout.</summary>
internal static class ProcessRunner
{
    public static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within 30 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {stderr.Result}");
        }

        return stdout.Result;
    }

    /// <summary>Generates an unencrypted key pair; returns the private key path (the public key is beside it, .pub).</summary>
    public static string GenerateKey(string directory, string name, string type = "ed25519")
    {
        var path = Path.Combine(directory, name);
        Run("ssh-keygen", "-q", "-t", type, "-N", string.Empty, "-C", name, "-f", path);
        return path;
    }
}
