using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Varlink.PeerComparison;

/// <summary>
/// A bench server started under <c>/usr/bin/time -v</c> so that its peak RSS is known once it stops.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _time;
    private readonly string _timeFile;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process time, string timeFile)
    {
        _time = time;
        _timeFile = timeFile;
    }

    /// <summary>What the server printed so far (for error messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the server on a unix socket and waits until it accepts connections.</summary>
    public static async Task<ServerProcess> StartAsync(Peer server, string socketPath, string timeFile, TimeSpan timeout)
    {
        File.Delete(socketPath);
        File.Delete(timeFile);
        var psi = new ProcessStartInfo("/usr/bin/time")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["-v", "-o", timeFile, server.Executable, .. server.Arguments, "--varlink", "unix:" + socketPath])
        {
            psi.ArgumentList.Add(a);
        }

        var time = Process.Start(psi) ?? throw new InvalidOperationException("could not start /usr/bin/time");
        var self = new ServerProcess(time, timeFile);
        time.OutputDataReceived += (_, e) => self.Append(e.Data);
        time.ErrorDataReceived += (_, e) => self.Append(e.Data);
        time.BeginOutputReadLine();
        time.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (time.HasExited)
            {
                await time.WaitForExitAsync();
                var (code, output) = (time.ExitCode, self.Output);
                self.Dispose();
                throw new InvalidOperationException($"server {server.Name} exited with {code} before it listened:\n{output}");
            }

            if (File.Exists(socketPath) && await CanConnectAsync(socketPath))
            {
                return self;
            }

            if (deadline.Elapsed > timeout)
            {
                var output = self.Output;
                self.Dispose();
                throw new TimeoutException($"server {server.Name} did not listen on {socketPath} within {timeout.TotalSeconds} s:\n{output}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Whether the server (and <c>time</c> around it) is still running.</summary>
    public bool IsRunning => !_time.HasExited;

    /// <summary>Stops the server with SIGTERM (SIGKILL after <paramref name="timeout"/>) and returns its peak RSS in KiB.</summary>
    public async Task<long> StopAsync(TimeSpan timeout)
    {
        foreach (var child in Children(_time.Id))
        {
            _ = NativeMethods.Kill(child, NativeMethods.SigTerm);
        }

        using (var cts = new CancellationTokenSource(timeout))
        {
            try
            {
                await _time.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _time.Kill(entireProcessTree: true);
                await _time.WaitForExitAsync();
            }
        }

        return TimeReport.PeakRssKiB(await File.ReadAllTextAsync(_timeFile));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_time.HasExited)
        {
            _time.Kill(entireProcessTree: true);
            _time.WaitForExit(10_000);
        }

        _time.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 64 * 1024)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static async Task<bool> CanConnectAsync(string socketPath)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static IEnumerable<int> Children(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/task/{pid}/children");
        }
        catch (IOException)
        {
            yield break;
        }

        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(word, out var child))
            {
                yield return child;
            }
        }
    }
}
