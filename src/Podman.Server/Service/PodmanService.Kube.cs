using System.Text.Json;
using Podman.Server.Libpod;
using Podman.Varlink;
using Varlink;
using YamlDotNet.Core;

namespace Podman.Server.Service;

/// <summary>GenerateKube: podman 4.3's kube YAML for a pod or a container, as the two JSON strings 1.9 sent.</summary>
internal sealed partial class PodmanService
{
    /// <summary>What 1.9 sent for <c>service</c> when none was asked for: Go's JSON of an empty Kubernetes v1 Service.</summary>
    internal const string EmptyService = """{"metadata":{"creationTimestamp":null},"spec":{},"status":{"loadBalancer":{}}}""";

    /// <summary>
    /// <c>pod</c> = the JSON of the <c>kind: Pod</c> document, <c>service</c> = that of the <c>kind: Service</c>
    /// one (asked for with <paramref name="service"/>), or of an empty Service.
    /// </summary>
    protected override async ValueTask<KubePodService> GenerateKubeAsync(string name, bool service, VarlinkCall call, CancellationToken cancellationToken)
    {
        try
        {
            if (string.IsNullOrEmpty(name))
            {
                throw new ErrorOccurredException("name: a pod or container name is needed");
            }

            var yaml = await _libpod.GenerateKubeAsync(name, service, cancellationToken).ConfigureAwait(false);
            return ToKubePodService(yaml);
        }
        catch (YamlException e)
        {
            throw new ErrorOccurredException($"podman's kube YAML could not be read: {e.Message}");
        }
        catch (Exception e) when (IsFailure(e))
        {
            throw Failure(e);
        }
    }

    internal static KubePodService ToKubePodService(string yaml)
    {
        string? pod = null, service = null;
        foreach (var document in KubeYaml.ToJsonDocuments(yaml))
        {
            using var parsed = JsonDocument.Parse(document);
            var kind = parsed.RootElement.ValueKind == JsonValueKind.Object && parsed.RootElement.TryGetProperty("kind", out var k) ? k.GetString() : null;
            if (kind == "Pod")
            {
                pod ??= document;
            }
            else if (kind == "Service")
            {
                service ??= document;
            }
        }

        return new KubePodService
        {
            Pod = pod ?? throw new ErrorOccurredException("podman's kube YAML has no Pod document"),
            Service = service ?? EmptyService,
        };
    }
}
