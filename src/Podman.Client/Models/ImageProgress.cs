namespace Podman.Client;

/// <summary>Progress of a pull, push, build, commit, save or load: log lines so far, and the image id at the end.</summary>
/// <param name="Logs">Lines podman printed since the previous report.</param>
/// <param name="ImageId">The image id, set on the last report.</param>
public sealed record ImageProgress(IReadOnlyList<string> Logs, string ImageId);
