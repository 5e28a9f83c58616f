namespace Podman.Client;

/// <summary>Container storage.</summary>
/// <param name="Containers">Number of containers.</param>
/// <param name="Images">Number of images.</param>
/// <param name="GraphDriver">The storage driver (<c>overlay</c>, <c>vfs</c>).</param>
/// <param name="GraphRoot">Where images and containers are stored.</param>
/// <param name="RunRoot">Where run-time state is kept.</param>
public sealed record PodmanStoreInfo(int Containers, int Images, string GraphDriver, string GraphRoot, string RunRoot);
