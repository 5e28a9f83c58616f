using System.Net.Sockets;

namespace Varlink.Bridge;

/// <summary>
/// <c>varlink relay --connect ADDRESS [--listen ADDRESS] [--timeout MS]</c> (ours, not libvarlink's):
/// accepts connections — on the socket passed by activation (<c>LISTEN_FDS</c>, as <c>varlink -A</c> and
/// systemd pass it) or on <c>--listen</c> — and relays each, raw, to the service at <c>--connect</c>.
/// It stands in for podman 1.x's <c>podman varlink ADDRESS</c> in the appliance, so that the classic
/// podman-remote bridge line reaches the one running io.podman service instead of starting another.
/// With <c>--timeout</c>, it exits once no connection has been open for that long (podman 1.x's rule).
/// </summary>
internal sealed class Relay(Socket listener, BridgeAddress target, TimeSpan? idleTimeout, TextWriter error)
{
    private readonly Lock _gate = new();
    private int _open;                       // guarded by _gate
    private CancellationTokenSource? _idle;  // guarded by _gate: fires when idle for idleTimeout

    /// <summary>Accepts and relays until idle for the timeout (never without one).</summary>
    public async Task<int> RunAsync()
    {
        using var stop = new CancellationTokenSource();
        ArmIdle(stop);
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Success;
            }

            lock (_gate)
            {
                _open++;
                _idle?.Dispose();
                _idle = null;
            }

            _ = RelayOneAsync(client, stop);
        }
    }

    private async Task RelayOneAsync(Socket client, CancellationTokenSource stop)
    {
        try
        {
            using (client)
            {
                Socket service;
                try
                {
                    service = await BridgeProgram.ConnectAsync(target).ConfigureAwait(false);
                }
                catch (SocketException e)
                {
                    await error.WriteAsync($"varlink relay: cannot connect to {target.Display}: {e.Message}\n").ConfigureAwait(false);
                    return;
                }

                using (service)
                await using (var stream = new NetworkStream(client, ownsSocket: false))
                {
                    await new SocketBridge(service, stream, stream, error, target.Display).RunAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                if (--_open == 0)
                {
                    ArmIdle(stop);
                }
            }
        }
    }

    // Called with no connection open (at start, and when the last one closes).
    private void ArmIdle(CancellationTokenSource stop)
    {
        if (idleTimeout is not { } timeout)
        {
            return;
        }

        _idle = new CancellationTokenSource(timeout);
        _idle.Token.Register(stop.Cancel);
    }
}
