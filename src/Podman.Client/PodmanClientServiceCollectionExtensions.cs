using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Podman.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a <see cref="PodmanClient"/> in a service collection.</summary>
public static class PodmanClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds a singleton <see cref="PodmanClient"/> configured through <see cref="IOptions{TOptions}"/> of
    /// <see cref="PodmanClientOptions"/> (bind them to configuration, or set them in <paramref name="configure"/>);
    /// it logs through the registered <see cref="ILoggerFactory"/> and is disposed with the container.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the address, keys and retries; the environment and podman-remote.conf decide when null.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPodmanClient(this IServiceCollection services, Action<PodmanClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<PodmanClientOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.Validate(
            options =>
            {
                options.Validate();
                return true;
            });
        services.TryAddSingleton(provider =>
            new PodmanClient(provider.GetRequiredService<IOptions<PodmanClientOptions>>().Value, provider.GetService<ILoggerFactory>()));
        return services;
    }
}
