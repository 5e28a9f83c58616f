using System.Net;

namespace Podman.Server.Libpod;

/// <summary>
/// libpod answered a request with an error status. <see cref="Cause"/> is libpod's sentinel text
/// ("no such container", "container state improper", …), the most reliable way to choose an io.podman
/// error; <c>Message</c> is podman's full message, kept for the io.podman <c>reason</c>.
/// </summary>
internal sealed class LibpodException(HttpStatusCode status, string cause, string message)
    : Exception(message)
{
    /// <summary>The HTTP status of the reply.</summary>
    public HttpStatusCode Status { get; } = status;

    /// <summary>libpod's <c>cause</c>: the sentinel error text ("" when the body had none).</summary>
    public string Cause { get; } = cause;

    /// <summary>
    /// Whether libpod said the object does not exist: 404, or one of its "no such …" sentinels. An errno's
    /// text ("no such process", "no such file or directory") is a cause too, but about something else.
    /// </summary>
    public bool IsNotFound => Status == HttpStatusCode.NotFound
        || (Cause.StartsWith("no such ", StringComparison.Ordinal) && Cause is not ("no such process" or "no such file or directory" or "no such device or address" or "no such device"));

    /// <summary>Whether libpod refused because of the container's state.</summary>
    public bool IsStateImproper => Cause.Contains("state improper", StringComparison.Ordinal);
}
