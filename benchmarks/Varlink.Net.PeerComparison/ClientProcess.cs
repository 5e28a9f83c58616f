using System.Diagnostics;

namespace Varlink.PeerComparison;

/// <summary>Runs a bench client (or the raw floor) to completion and reads its figures.</summary>
internal static class ClientProcess
{
    /// <summary>
    /// Runs <paramref name="client"/> with <paramref name="flags"/> and returns its figures. Fails when it
    /// exits non-zero (the clients check every reply and exit 1 on a wrong one), runs past
    /// <paramref name="timeout"/>, or leaves a figure out.
    /// </summary>
    public static async Task<Dictionary<string, double>> RunAsync(Peer client, IEnumerable<string> flags, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(client.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in client.Arguments.Concat(flags))
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {client.Executable}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var cts = new CancellationTokenSource(timeout))
        {
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                throw new TimeoutException($"client {client.Name} ran longer than {timeout.TotalSeconds} s:\n{await stdout}{await stderr}");
            }
        }

        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"client {client.Name} exited with {process.ExitCode}:\n{output}{await stderr}");
        }

        try
        {
            return ClientOutput.Parse(output, Figure.ClientFigures);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"client {client.Name}: {e.Message}\n{output}{await stderr}", e);
        }
    }
}
