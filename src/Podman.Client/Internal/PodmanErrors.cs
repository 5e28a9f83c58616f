using System.Text.Json;
using Varlink;

namespace Podman.Client;

/// <summary>Turns varlink and transport failures into the <see cref="PodmanException"/> tree.</summary>
internal static class PodmanErrors
{
    /// <summary>The public exception for <paramref name="error"/>, or null when it is not ours to translate (cancellation, argument errors).</summary>
    public static Exception? Translate(Exception error, string method)
    {
        switch (error)
        {
            case PodmanException or OperationCanceledException or ArgumentException or ObjectDisposedException:
                return null;
            case VarlinkRemoteException remote:
                return FromRemote(remote, method);
            case VarlinkException or IOException or System.Net.Sockets.SocketException or TimeoutException:
                return new PodmanConnectionException($"{method}: io.podman could not be reached: {error.Message}", error);
            case InvalidOperationException when error.GetType().Namespace?.StartsWith("Varlink", StringComparison.Ordinal) == true:
                return new PodmanConnectionException($"{method}: {error.Message}", error);
            default:
                return error.GetType().Namespace?.StartsWith("Varlink", StringComparison.Ordinal) == true
                    ? new PodmanConnectionException($"{method}: {error.Message}", error)
                    : null;
        }
    }

    private static PodmanRemoteException FromRemote(VarlinkRemoteException remote, string method)
    {
        var p = remote.Parameters;
        var id = Text(p, "id");
        var reason = Text(p, "reason");
        return remote.ErrorName switch
        {
            ContainerNotFoundException.QualifiedName => new ContainerNotFoundException(method, id, reason, remote),
            ImageNotFoundException.QualifiedName => new ImageNotFoundException(method, id, reason, remote),
            PodNotFoundException.QualifiedName => new PodNotFoundException(method, Text(p, "name"), reason, remote),
            VolumeNotFoundException.QualifiedName => new VolumeNotFoundException(method, id, reason, remote),
            "io.podman.InvalidState" or "io.podman.ErrCtrStopped" => new PodmanStateException(method, remote.ErrorName, id, reason, remote),
            "io.podman.NoContainerRunning" => new PodmanStateException(method, remote.ErrorName, "", "no container is running", remote),
            "io.podman.NoContainersInPod" => new PodmanStateException(method, remote.ErrorName, Text(p, "name"), "the pod has no containers", remote),
            PodContainerErrorException.QualifiedName => new PodContainerErrorException(method, Text(p, "podname"), PodErrors(p), remote),
            VarlinkServiceErrors.MethodNotImplemented or VarlinkServiceErrors.MethodNotFound => new PodmanNotImplementedException(method, remote.ErrorName, remote),
            VarlinkServiceErrors.InvalidParameter => new PodmanRemoteException(method, remote.ErrorName, "invalid parameter " + Text(p, "parameter"), remote),
            _ => new PodmanRemoteException(method, remote.ErrorName, reason, remote),
        };
    }

    private static string Text(JsonElement parameters, string name) =>
        parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() ?? ""
            : "";

    private static Dictionary<string, string> PodErrors(JsonElement parameters)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                errors[Text(item, "containerid")] = Text(item, "reason");
            }
        }

        return errors;
    }
}
