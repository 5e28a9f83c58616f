using System.Diagnostics;
using System.Globalization;

namespace Podman.Cli.Tests;

/// <summary>
/// A command in a real pseudo-terminal: a tmux server of its own (its own socket), one window of a given
/// size running the command; keys are sent, the screen is read with <c>capture-pane</c>, and the pane stays
/// after the command exits (<c>remain-on-exit</c>) so that its screen can be read; the exit status comes from
/// a file the wrapper shell writes (see <see cref="WaitForExitAsync"/>).
/// </summary>
internal sealed class Tmux : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    // How long after the pane's death the status file may take to be seen.
    private static readonly TimeSpan StatusBound = TimeSpan.FromSeconds(10);
    private readonly string _socket = $"cli-tests-{Guid.NewGuid():N}"[..24];
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"podman-cli-tests-tmux-{Guid.NewGuid():N}.conf");
    private readonly string _status = Path.Combine(Path.GetTempPath(), $"podman-cli-tests-tmux-{Guid.NewGuid():N}.status");

    private Tmux()
    {
    }

    /// <summary>Starts <paramref name="command"/> (a shell command line) in a window of <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static async Task<Tmux> StartAsync(string command, int width, int height)
    {
        var tmux = new Tmux();
        // Set before the command starts, so that even a command that exits at once leaves its status.
        await File.WriteAllTextAsync(tmux._config, "set-option -g remain-on-exit on\nset-option -g history-limit 5000\n");
        // The command in a subshell, so that its own exit ends only that; then its status to the file.
        string wrapped = $"( {command} ); rc=$?; echo \"$rc\" > {Quote([tmux._status])}; exit \"$rc\"";
        await tmux.RunAsync("-f", tmux._config, "new-session", "-d", "-s", "t", "-x", Number(width), "-y", Number(height), wrapped);
        return tmux;
    }

    /// <summary>A shell command line of <paramref name="words"/>, each quoted.</summary>
    public static string Quote(IEnumerable<string> words) => string.Join(' ', words.Select(w => "'" + w.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));

    /// <summary>Types <paramref name="text"/> as it is, then Enter.</summary>
    public async Task TypeLineAsync(string text)
    {
        await RunAsync("send-keys", "-t", "t", "-l", text);
        await RunAsync("send-keys", "-t", "t", "Enter");
    }

    /// <summary>Sends a key by tmux's name (<c>C-c</c>).</summary>
    public Task SendKeyAsync(string key) => RunAsync("send-keys", "-t", "t", key);

    /// <summary>Resizes the window (the pane's terminal, so the program in it gets SIGWINCH).</summary>
    public Task ResizeAsync(int width, int height) => RunAsync("resize-window", "-t", "t", "-x", Number(width), "-y", Number(height));

    /// <summary>The screen and its scroll-back, lines without trailing blanks.</summary>
    public async Task<string[]> ScreenAsync() =>
        [.. (await RunAsync("capture-pane", "-p", "-t", "t", "-S", "-")).Split('\n').Select(l => l.TrimEnd())];

    /// <summary>Polls the screen until <paramref name="done"/> holds for it; fails with the screen after <paramref name="timeout"/>.</summary>
    public async Task<string[]> WaitForScreenAsync(Func<string[], bool> done, string what, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        string[] screen;
        do
        {
            screen = await ScreenAsync();
            if (done(screen))
            {
                return screen;
            }

            await Task.Delay(PollInterval);   // a poll interval, bounded by the timeout
        }
        while (clock.Elapsed < timeout);

        throw new TimeoutException($"after {timeout.TotalSeconds:0} s the screen still does not show {what}:\n{string.Join('\n', screen)}");
    }

    /// <summary>
    /// Polls until the command has exited; its exit status, as the wrapper shell of <see cref="StartAsync"/>
    /// wrote it to the status file. Not tmux's <c>#{pane_dead_status}</c>: tmux 3.3a calls a pane dead when
    /// its terminal closes, and now and then never records the status after that (seen here in about 1 of 40
    /// short commands: <c>pane_dead</c> 1, status and signal empty for good), which read as "ended by a signal".
    /// </summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan? diedAt = null;
        do
        {
            string[] state = (await RunAsync("display-message", "-p", "-t", "t", "#{pane_dead}|#{pane_dead_status}|#{pane_dead_signal}")).Trim().Split('|');
            if (state[0] == "1")
            {
                // The wrapper writes the file before it exits, so it is whole once the pane is dead.
                diedAt ??= clock.Elapsed;
                string written = File.Exists(_status) ? (await File.ReadAllTextAsync(_status)).Trim() : string.Empty;
                if (int.TryParse(written, NumberStyles.None, CultureInfo.InvariantCulture, out int status))
                {
                    return status;
                }

                if (clock.Elapsed - diedAt > StatusBound)
                {
                    throw new InvalidOperationException(
                        $"the command's shell ended without writing its status (tmux: status '{(state.Length > 1 ? state[1] : "")}', signal '{(state.Length > 2 ? state[2] : "")}'):\n{string.Join('\n', await ScreenAsync())}");
                }
            }

            await Task.Delay(PollInterval);   // a poll interval, bounded by the timeout
        }
        while (clock.Elapsed < timeout);

        throw new TimeoutException($"the command did not exit in {timeout.TotalSeconds:0} s:\n{string.Join('\n', await ScreenAsync())}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("kill-server");
        }
        catch (InvalidOperationException)
        {
            // Gone already.
        }

        File.Delete(_config);
        File.Delete(_status);
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private async Task<string> RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-L");
        info.ArgumentList.Add(_socket);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("TMUX");
        info.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(info) ?? throw new InvalidOperationException("tmux did not start (scripts/deps.d/cli.txt installs it)");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Task<string> error = process.StandardError.ReadToEndAsync(timeout.Token);
        string output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"tmux {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}");
    }
}
