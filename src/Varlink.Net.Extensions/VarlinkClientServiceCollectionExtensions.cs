using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Varlink;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a <see cref="VarlinkClient"/> in a service collection.</summary>
public static class VarlinkClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds a singleton <see cref="VarlinkClient"/> configured through <see cref="IOptions{TOptions}"/> of
    /// <see cref="VarlinkClientOptions"/>; it logs through the registered <see cref="ILoggerFactory"/>
    /// and owns (disposes) the transport it creates.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the address or transport factory and the retry settings.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddVarlinkClient(this IServiceCollection services, Action<VarlinkClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<VarlinkClientOptions>().Configure(configure).Validate(
            options =>
            {
                options.Validate();
                return true;
            });
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<VarlinkClientOptions>>().Value;
            var transport = options.TransportFactory?.Invoke(provider) ?? VarlinkAddress.CreateTransport(options.Address!);
            var logger = provider.GetService<ILoggerFactory>()?.CreateLogger<VarlinkClient>();
            return new VarlinkClient(transport, options, logger, ownsTransport: true);
        });
        return services;
    }
}
