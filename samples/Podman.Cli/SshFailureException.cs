using System.Net.Sockets;
using Podman.Machine;
using Renci.SshNet.Common;

namespace Podman.Cli;

/// <summary>
/// An SSH failure of <c>machine ssh</c> said in one line with the machine and its SSH server: nothing listens
/// there, the login was refused, or the host key is not the pinned one.
/// </summary>
internal sealed class SshFailureException(string message) : Exception(message)
{
    public static SshFailureException? From(string machine, string server, Exception e) => e switch
    {
        SocketException socket => new($"machine '{machine}': cannot reach its SSH server at {server}: {socket.Message}"),
        SshAuthenticationException refused => new($"machine '{machine}': the SSH server at {server} refused the login: {refused.Message}"),
        HostKeyMismatchException mismatch => new($"machine '{machine}': {mismatch.Message}"),
        SshConnectionException lost => new($"machine '{machine}': the SSH connection to {server} failed: {lost.Message}"),
        _ => null,
    };
}
