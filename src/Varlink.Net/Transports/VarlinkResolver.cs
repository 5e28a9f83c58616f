using System.Text.Json;

namespace Varlink;

/// <summary>Finds the address of the service that provides an interface, through <c>org.varlink.resolver</c>.</summary>
public static class VarlinkResolver
{
    /// <summary>Asks the resolver for the address of the service providing <paramref name="interfaceName"/>.</summary>
    /// <param name="interfaceName">A reverse-domain interface name, for example <c>io.podman</c>.</param>
    /// <param name="resolverAddress">The resolver's address; <see cref="VarlinkAddress.ResolverAddress"/> when null.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The service address.</returns>
    /// <exception cref="VarlinkRemoteException">The resolver does not know the interface
    /// (<c>org.varlink.resolver.InterfaceNotFound</c>).</exception>
    /// <exception cref="VarlinkConnectionException">The resolver could not be reached.</exception>
    public static async Task<string> ResolveAsync(string interfaceName, string? resolverAddress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        if (interfaceName == "org.varlink.resolver")
        {
            throw new ArgumentException("The resolver does not resolve itself.", nameof(interfaceName));
        }

        await using var connection = await VarlinkConnection.ConnectAsync(resolverAddress ?? VarlinkAddress.ResolverAddress, cancellationToken: cancellationToken).ConfigureAwait(false);
        var reply = await connection.CallAsync(
            "org.varlink.resolver.Resolve",
            VarlinkServiceErrors.ObjectWith("interface", interfaceName),
            cancellationToken).ConfigureAwait(false);
        if (reply.TryGetProperty("address", out var address) && address.ValueKind == JsonValueKind.String)
        {
            return address.GetString()!;
        }

        throw new VarlinkProtocolException("The resolver's reply has no \"address\" string.");
    }

    /// <summary>Connects to the service providing <paramref name="interfaceName"/>, found through the resolver.</summary>
    /// <param name="interfaceName">A reverse-domain interface name.</param>
    /// <param name="resolverAddress">The resolver's address; <see cref="VarlinkAddress.ResolverAddress"/> when null.</param>
    /// <param name="cancellationToken">Cancels the lookup and connection.</param>
    /// <returns>The open connection.</returns>
    public static async Task<VarlinkConnection> ConnectAsync(string interfaceName, string? resolverAddress = null, CancellationToken cancellationToken = default)
    {
        string address = await ResolveAsync(interfaceName, resolverAddress, cancellationToken).ConfigureAwait(false);
        return await VarlinkConnection.ConnectAsync(address, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
