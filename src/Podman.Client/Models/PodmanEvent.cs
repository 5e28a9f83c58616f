namespace Podman.Client;

/// <summary>Something podman did.</summary>
/// <param name="Type">What it is about.</param>
/// <param name="Status">What happened (<c>create</c>, <c>start</c>, <c>died</c>, <c>remove</c>, <c>pull</c>, …).</param>
/// <param name="Id">The object's id.</param>
/// <param name="Name">The object's name.</param>
/// <param name="Image">The image, for container events.</param>
/// <param name="Time">When it happened.</param>
public sealed record PodmanEvent(PodmanEventType Type, string Status, string Id, string Name, string Image, DateTimeOffset? Time);
