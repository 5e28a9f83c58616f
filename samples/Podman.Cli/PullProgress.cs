using Podman.Client;
using Spectre.Console;

namespace Podman.Cli;

/// <summary>
/// Shows a pull, push, build or load as it goes. On a terminal (standard error): a Spectre progress display
/// with one row per layer ("blob 543d0567ff78"), each running until the service reports the next phase,
/// plus the current step. Otherwise: the service's lines as they come, as podman prints them. Returns the
/// image ID of the last report.
/// </summary>
internal static class PullProgress
{
    private const string BlobPrefix = "Copying blob ";

    public static async Task<string> RunAsync(IAsyncEnumerable<ImageProgress> reports, TextWriter log, bool quiet, CancellationToken cancellationToken)
    {
        if (quiet)
        {
            return await LastIdAsync(reports, null, cancellationToken);
        }

        if (!Console.IsErrorRedirected && ReferenceEquals(log, Console.Error))
        {
            IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            string id = string.Empty;
            await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var layers = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                    ProgressTask step = context.AddTask("starting", maxValue: 1);
                    step.IsIndeterminate = true;
                    id = await LastIdAsync(reports, line =>
                    {
                        if (line.StartsWith(BlobPrefix, StringComparison.Ordinal))
                        {
                            string digest = line[BlobPrefix.Length..].Trim();
                            string shortDigest = ContainerCommand.Short(digest.Replace("sha256:", string.Empty, StringComparison.Ordinal));
                            if (!layers.ContainsKey(digest))
                            {
                                ProgressTask layer = context.AddTaskBefore($"blob {Markup.Escape(shortDigest)}", new ProgressTaskSettings { MaxValue = 1 }, step);
                                layer.IsIndeterminate = true;
                                layers[digest] = layer;
                            }
                        }
                        else if (layers.Count > 0 && (line.StartsWith("Copying config", StringComparison.Ordinal) || line.StartsWith("Writing manifest", StringComparison.Ordinal)))
                        {
                            // The layers are copied once podman copies the config or writes the manifest.
                            foreach (ProgressTask layer in layers.Values.Where(l => !l.IsFinished))
                            {
                                layer.IsIndeterminate = false;
                                layer.Value = layer.MaxValue;
                                layer.StopTask();
                            }
                        }

                        step.Description = Markup.Escape(line.Length > 70 ? line[..70] + "…" : line);
                    }, cancellationToken);
                    foreach (ProgressTask layer in layers.Values.Append(step))
                    {
                        layer.IsIndeterminate = false;
                        layer.Value = layer.MaxValue;
                        layer.StopTask();
                    }
                });
            return id;
        }

        return await LastIdAsync(reports, line =>
        {
            log.WriteLine(line);
            log.Flush();
        }, cancellationToken);
    }

    private static async Task<string> LastIdAsync(IAsyncEnumerable<ImageProgress> reports, Action<string>? onLine, CancellationToken cancellationToken)
    {
        string id = string.Empty;
        await foreach (ImageProgress report in reports.WithCancellation(cancellationToken))
        {
            foreach (string line in report.Logs.SelectMany(l => l.Split('\n', StringSplitOptions.RemoveEmptyEntries)))
            {
                onLine?.Invoke(line.TrimEnd('\r'));
            }

            if (report.ImageId.Length > 0)
            {
                id = report.ImageId;
            }
        }

        return id;
    }
}
