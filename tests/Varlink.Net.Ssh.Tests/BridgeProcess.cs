using System.Diagnostics;

namespace Varlink.Ssh.Tests;

/// <summary>The bridge program started as a real process with piped stdin/stdout/stderr.</summary>
internal sealed class BridgeProcess : IDisposable
{
    private readonly Process _process;
    private int _disposed;

    public BridgeProcess(string binary, params string[] args)
    {
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {binary}");
        Error = _process.StandardError.ReadToEndAsync();
    }

    public Stream Input => _process.StandardInput.BaseStream;

    public Stream Output => _process.StandardOutput.BaseStream;

    public Task<string> Error { get; }

    /// <summary>Whether the process ends before <paramref name="cancellationToken"/> fires.</summary>
    public bool HasExitedWithin(CancellationToken cancellationToken)
    {
        try
        {
            _process.WaitForExitAsync(cancellationToken).GetAwaiter().GetResult();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
