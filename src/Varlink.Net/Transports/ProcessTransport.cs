using System.Diagnostics;

namespace Varlink;

/// <summary>
/// Starts a program for each connection and speaks varlink over its standard input and output: how
/// bridges work (<c>ssh host varlink bridge</c>, <c>varlink -A 'service' bridge</c>). The program's
/// standard error is inherited. Disposing the stream closes the program's input, waits briefly for it
/// to exit, and kills it if it does not.
/// </summary>
public sealed class ProcessTransport : IVarlinkTransport
{
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(2);

    /// <summary>Creates the transport.</summary>
    /// <param name="fileName">The program to run.</param>
    /// <param name="arguments">Its arguments.</param>
    public ProcessTransport(string fileName, IEnumerable<string>? arguments = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        FileName = fileName;
        Arguments = arguments?.ToArray() ?? [];
    }

    /// <summary>The program to run.</summary>
    public string FileName { get; }

    /// <summary>Its arguments.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>A transport that runs <paramref name="commandLine"/> with <c>/bin/sh -c</c>, like <c>varlink --bridge</c>.</summary>
    /// <param name="commandLine">The shell command line, for example <c>ssh host varlink bridge</c>.</param>
    /// <returns>The transport.</returns>
    public static ProcessTransport FromShellCommand(string commandLine)
        => new("/bin/sh", ["-c", commandLine]);

    /// <inheritdoc />
    public ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var start = new ProcessStartInfo(FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("The process did not start.");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new VarlinkConnectionException($"Could not start {FileName}: {e.Message}", e);
        }

        var stream = new DuplexStream(process.StandardOutput.BaseStream, process.StandardInput.BaseStream, () => Stop(process));
        return ValueTask.FromResult<Stream>(stream);
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.WaitForExit(ExitGrace))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(ExitGrace);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => "exec:" + string.Join(' ', [FileName, .. Arguments]);
}
