using Podman.Machine;
using Spectre.Console;

namespace Podman.Cli;

/// <summary>
/// Waits for a booting machine and shows where the boot is: a Spectre status spinner with the console's
/// latest line on a terminal, one line per phase otherwise (logs and scripts).
/// </summary>
internal static class BootProgress
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(500);

    public static async Task WaitAsync(PodmanMachine machine, TimeSpan timeout, TextWriter output, CancellationToken cancellationToken)
    {
        Task ready = machine.WaitUntilReadyAsync(timeout, cancellationToken);
        if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
        {
            await AnsiConsole.Status().Spinner(Spinner.Known.Dots).StartAsync("booting", async context =>
            {
                while (!ready.IsCompleted)
                {
                    context.Status(Markup.Escape(Describe(machine)));
                    await Task.WhenAny(ready, Task.Delay(Refresh, cancellationToken));
                }
            });
        }
        else
        {
            string? shown = null;
            while (!ready.IsCompleted)
            {
                string phase = Phase(machine);
                if (phase != shown)
                {
                    await output.WriteLineAsync($"  {phase}");
                    await output.FlushAsync(cancellationToken);
                    shown = phase;
                }

                await Task.WhenAny(ready, Task.Delay(Refresh, cancellationToken));
            }
        }

        await ready;
    }

    // The line the appliance prints on its console when its services run (appliance/, ConsoleLog in Podman.Machine).
    private const string ReadyLine = "boot2podman: ready";

    private static string Phase(PodmanMachine machine) =>
        ReadConsole(machine).Any(line => line.Trim() == ReadyLine)
            ? "appliance ready: waiting for SSH and io.podman"
            : "booting the appliance (kernel, init, services)";

    private static string[] ReadConsole(PodmanMachine machine)
    {
        try
        {
            using var stream = new FileStream(machine.ConsoleLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Split('\n');
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
    }

    private static string Describe(PodmanMachine machine)
    {
        string last = ReadConsole(machine).LastOrDefault(line => line.Trim().Length > 0)?.Trim() ?? string.Empty;
        last = new string([.. last.Where(c => !char.IsControl(c))]);
        return last.Length == 0 ? Phase(machine) : $"{Phase(machine)}: {(last.Length > 60 ? last[..60] + "…" : last)}";
    }
}
