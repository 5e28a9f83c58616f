using System.Buffers;
using System.Text.Json;
using Varlink;

namespace Podman.Server.Resolver;

/// <summary>
/// A minimal <c>org.varlink.resolver</c>, as boot2podman's appliance offered on
/// <c>/run/org.varlink.resolver</c>: it knows the io.podman service's address, so that
/// <c>varlink bridge</c> in resolver mode and <c>varlink call io.podman.X</c> find it.
/// </summary>
internal sealed class ResolverService(IReadOnlyDictionary<string, string> addresses)
{
    /// <summary>The interface text (our own description of the resolver's well-known interface).</summary>
    public const string InterfaceDescription = """
        # Finds the address of the service that provides an interface.
        interface org.varlink.resolver

        # Who this resolver is, and the interfaces it can resolve.
        method GetInfo() -> (
          vendor: string,
          product: string,
          version: string,
          url: string,
          interfaces: []string
        )

        # The address of the service providing the interface.
        method Resolve(interface: string) -> (address: string)

        # No service known to this resolver provides the interface.
        error InterfaceNotFound (interface: string)
        """;

    /// <summary>Registers the resolver interface with <paramref name="server"/>.</summary>
    public void AddTo(VarlinkServer server) => server.AddInterface(InterfaceDescription, HandleAsync);

    private async ValueTask HandleAsync(VarlinkCall call, CancellationToken cancellationToken)
    {
        switch (call.MethodName)
        {
            case "GetInfo":
                await call.ReplyAsync(Object(writer =>
                {
                    writer.WriteString("vendor", "boot2podman");
                    writer.WriteString("product", "podman-server resolver");
                    writer.WriteString("version", "1");
                    writer.WriteString("url", "https://varlink.org");
                    writer.WriteStartArray("interfaces");
                    foreach (var name in addresses.Keys.Order(StringComparer.Ordinal))
                    {
                        writer.WriteStringValue(name);
                    }

                    writer.WriteEndArray();
                }), cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            case "Resolve":
                var name = call.Parameters.TryGetProperty("interface", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
                if (!addresses.TryGetValue(name, out var address))
                {
                    throw new VarlinkRemoteException("org.varlink.resolver.InterfaceNotFound", Object(writer => writer.WriteString("interface", name)));
                }

                await call.ReplyAsync(Object(writer => writer.WriteString("address", address)), cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private static JsonElement Object(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
