using System.Diagnostics;
using Podman.Varlink;
using Varlink;

namespace Podman.Server.Service;

/// <summary>
/// ContainerRunlabel and CreateFromCC. Runlabel runs a command of the VM's host side (the image's label),
/// which podman's REST API cannot do: the service runs <c>podman container runlabel</c> in the VM, with
/// its output kept from the client, as 1.9 ran it on the server's own stdio. CreateFromCC has no
/// behaviour to reproduce: 1.9.3 declared it and never implemented it.
/// </summary>
internal sealed partial class PodmanService
{
    /// <summary>The podman CLI the service runs for what REST cannot do (tests point it elsewhere).</summary>
    internal static string PodmanCli { get; set; } = "podman";

    protected override async ValueTask ContainerRunlabelAsync(Runlabel runlabel, VarlinkCall call, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(runlabel.Label))
        {
            throw new ErrorOccurredException("label: the name of the image label to run is needed");
        }

        if (string.IsNullOrEmpty(runlabel.Image))
        {
            throw new ErrorOccurredException("image: the image whose label to run is needed");
        }

        var start = new ProcessStartInfo(PodmanCli) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var argument in RunlabelArguments(runlabel))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new ErrorOccurredException($"{PodmanCli} could not be started");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            await output.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            var text = (await error.ConfigureAwait(false)).Trim();
            throw new ErrorOccurredException(text.StartsWith("Error: ", StringComparison.Ordinal) ? text["Error: ".Length..] : text.Length > 0 ? text : $"podman container runlabel exited {process.ExitCode}");
        }
    }

    /// <summary>Runlabel → <c>podman container runlabel</c>'s command line (1.9's opt1–opt3 are still hidden flags of 4.3).</summary>
    internal static List<string> RunlabelArguments(Runlabel runlabel)
    {
        List<string> arguments = ["container", "runlabel", $"--pull={(runlabel.Pull ? "true" : "false")}"];
        if (!string.IsNullOrEmpty(runlabel.Authfile))
        {
            arguments.Add("--authfile=" + runlabel.Authfile);
        }

        if (runlabel.Display)
        {
            arguments.Add("--display");
        }

        if (!string.IsNullOrEmpty(runlabel.Name))
        {
            arguments.Add("--name=" + runlabel.Name);
        }

        foreach (var (key, value) in runlabel.Opts ?? new Dictionary<string, string>())
        {
            if (key is not ("opt1" or "opt2" or "opt3"))
            {
                throw new ErrorOccurredException($"opts: unknown option \"{key}\" (opt1, opt2 or opt3)");
            }

            arguments.Add($"--{key}={value}");
        }

        arguments.Add(runlabel.Label);
        arguments.Add(runlabel.Image);
        arguments.AddRange(runlabel.ExtraArgs ?? []);
        return arguments;
    }

    /// <summary>
    /// ErrorOccurred: the method has no behaviour to reproduce — 1.9.3 declared it for development use
    /// and answered MethodNotImplemented; nothing calls it.
    /// </summary>
    protected override ValueTask<string> CreateFromCCAsync(IReadOnlyList<string> @in, VarlinkCall call, CancellationToken cancellationToken)
        => throw new ErrorOccurredException("CreateFromCC has no defined behaviour: podman 1.9.3 declared it for its own development and never implemented it; create containers with CreateContainer");
}
