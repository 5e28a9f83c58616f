using Podman.Server.Libpod;

namespace Podman.Server.Service;

/// <summary>
/// Applies the terminal sizes a client sends, the newest winning. libpod refuses a resize until the
/// container (or exec session) runs, so a refused size is tried again a few times, briefly apart.
/// </summary>
internal sealed class TerminalSizer(Func<int, int, CancellationToken, Task> apply, CancellationToken cancellationToken)
{
    private const int Attempts = 50;
    private static readonly TimeSpan RetryGap = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();

    // Guarded by _gate: the size not applied yet (height, width), and whether the apply loop runs.
    private (int Height, int Width)? _wanted;
    private bool _running;

    /// <summary>Asks for <paramref name="width"/> × <paramref name="height"/>; returns at once.</summary>
    public void Request(int width, int height)
    {
        lock (_gate)
        {
            _wanted = (height, width);
            if (_running)
            {
                return;
            }

            _running = true;
        }

        _ = Task.Run(ApplyAsync, CancellationToken.None);
    }

    private async Task ApplyAsync()
    {
        int failures = 0;
        while (true)
        {
            (int Height, int Width) size;
            lock (_gate)
            {
                if (_wanted is not { } next || cancellationToken.IsCancellationRequested)
                {
                    _running = false;
                    return;
                }

                size = next;
                _wanted = null;
            }

            try
            {
                await apply(size.Height, size.Width, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is LibpodException or HttpRequestException && ++failures < Attempts)
            {
                lock (_gate)
                {
                    _wanted ??= size;
                }

                try
                {
                    await Task.Delay(RetryGap, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The session ended: the loop stops at its next turn.
                }
            }
            catch (Exception)
            {
                // Given up (or the session ended): a terminal keeps its last size.
                lock (_gate)
                {
                    _wanted = null;
                    _running = false;
                }

                return;
            }
        }
    }
}
