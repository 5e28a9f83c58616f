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

    /// <summary>Whether libpod said the object does not exist (404, or a "no such …" cause).</summary>
    public bool IsNotFound => Status == HttpStatusCode.NotFound || Cause.StartsWith("no such", StringComparison.Ordinal);

    /// <summary>Whether libpod refused because of the container's state.</summary>
    public bool IsStateImproper => Cause.Contains("state improper", StringComparison.Ordinal);
}
