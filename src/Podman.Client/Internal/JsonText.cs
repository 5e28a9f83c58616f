using System.Text.Json;

namespace Podman.Client;

/// <summary>io.podman returns inspect documents as JSON text inside a string.</summary>
internal static class JsonText
{
    public static JsonElement Parse(string text, string method)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new PodmanRemoteException(method, "io.podman.MalformedReply", "the reply is not JSON: " + e.Message, e);
        }
    }
}
