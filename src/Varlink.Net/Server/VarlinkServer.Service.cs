using System.Buffers;
using System.Text.Json;

namespace Varlink;

public sealed partial class VarlinkServer
{
    /// <summary>The built-in <c>org.varlink.service</c>: GetInfo and GetInterfaceDescription.</summary>
    private async ValueTask HandleServiceAsync(VarlinkCall call, CancellationToken cancellationToken)
    {
        switch (call.MethodName)
        {
            case "GetInfo":
                await call.ReplyAsync(BuildInfo(), cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            case "GetInterfaceDescription":
                if (!call.Parameters.TryGetProperty("interface", out var name) || name.ValueKind != JsonValueKind.String)
                {
                    throw VarlinkServiceErrors.CreateInvalidParameter("interface");
                }

                string interfaceName = name.GetString()!;
                if (!TryGetInterface(interfaceName, out var registration))
                {
                    throw new VarlinkRemoteException(VarlinkServiceErrors.InterfaceNotFound, VarlinkServiceErrors.ObjectWith("interface", interfaceName));
                }

                await call.ReplyAsync(VarlinkServiceErrors.ObjectWith("description", registration.Schema.Description), cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private JsonElement BuildInfo()
    {
        string[] names;
        lock (_interfaces)
        {
            names = [.. _interfaces.Keys];
        }

        Array.Sort(names, StringComparer.Ordinal);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("vendor"u8, Options.Vendor);
            writer.WriteString("product"u8, Options.Product);
            writer.WriteString("version"u8, Options.Version);
            writer.WriteString("url"u8, Options.Url);
            writer.WriteStartArray("interfaces"u8);
            foreach (var name in names)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
