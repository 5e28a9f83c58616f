namespace Podman.Client;

/// <summary>Kubernetes YAML that podman generated.</summary>
/// <param name="Pod">The pod YAML.</param>
/// <param name="Service">The service YAML (empty unless asked for).</param>
public sealed record KubeYaml(string Pod, string Service);
