using System.ComponentModel;
using System.Diagnostics;

namespace Podman.Machine;

/// <summary>Runs a host tool (qemu-img, ssh-keygen, qemu) to completion with a timeout.</summary>
internal static class ToolRunner
{
    /// <summary>Runs <paramref name="fileName"/> and returns its exit code and output.</summary>
    /// <exception cref="MachineException">The tool is missing or did not finish within <paramref name="timeout"/>.</exception>
    public static async Task<ToolResult> RunAsync(
        string fileName, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new MachineException($"{fileName} could not be started.");
        }
        catch (Win32Exception e)
        {
            throw new MachineException(
                $"{fileName} could not be started ({e.Message}); install it (scripts/install-deps.sh installs what Podman.Machine needs).", e);
        }

        using (process)
        {
            process.StandardInput.Close();
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
                return new ToolResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
            }
            catch (OperationCanceledException)
            {
                TryKill(process);
                cancellationToken.ThrowIfCancellationRequested();
                throw new MachineException($"{fileName} did not finish within {timeout.TotalSeconds:0} s and was killed.");
            }
        }
    }

    /// <summary>Runs a tool and throws unless it exits with 0.</summary>
    public static async Task<ToolResult> RunCheckedAsync(
        string fileName, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string[] args = arguments.ToArray();
        ToolResult result = await RunAsync(fileName, args, timeout, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new MachineException(
                $"{fileName} {string.Join(' ', args)} failed with exit code {result.ExitCode}: {result.StandardError.Trim()}");
        }

        return result;
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited in the meantime.
        }
    }
}
