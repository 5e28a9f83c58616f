namespace Podman.Client;

/// <summary>What a container or exec session ended with.</summary>
/// <param name="ContainerId">The container.</param>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="Stdout">Its standard output (with a terminal, all its output).</param>
/// <param name="Stderr">Its standard error.</param>
public sealed record ContainerRunResult(string ContainerId, int ExitCode, string Stdout, string Stderr);
