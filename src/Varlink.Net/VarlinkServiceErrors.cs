using System.Buffers;
using System.Text.Json;

namespace Varlink;

/// <summary>
/// The errors of <c>org.varlink.service</c>, which any method may return, and helpers that build
/// them as exceptions a server handler can throw.
/// </summary>
public static class VarlinkServiceErrors
{
    /// <summary>The interface is not provided by this service. Parameter: <c>interface</c>.</summary>
    public const string InterfaceNotFound = "org.varlink.service.InterfaceNotFound";

    /// <summary>The interface does not define the method. Parameter: <c>method</c>.</summary>
    public const string MethodNotFound = "org.varlink.service.MethodNotFound";

    /// <summary>The interface defines the method, but the service does not implement it. Parameter: <c>method</c>.</summary>
    public const string MethodNotImplemented = "org.varlink.service.MethodNotImplemented";

    /// <summary>A parameter is missing, unknown, of the wrong type or out of range. Parameter: <c>parameter</c>.</summary>
    public const string InvalidParameter = "org.varlink.service.InvalidParameter";

    /// <summary>The client is denied access.</summary>
    public const string PermissionDenied = "org.varlink.service.PermissionDenied";

    /// <summary>The method must be called with <c>more</c>.</summary>
    public const string ExpectedMore = "org.varlink.service.ExpectedMore";

    /// <summary>The method must be called with <c>upgrade</c>.</summary>
    public const string ExpectedUpgrade = "org.varlink.service.ExpectedUpgrade";

    /// <summary>Builds an <c>InvalidParameter</c> error naming <paramref name="parameter"/>.</summary>
    /// <param name="parameter">The name of the bad parameter.</param>
    /// <returns>The exception to throw from a handler.</returns>
    public static VarlinkRemoteException CreateInvalidParameter(string parameter)
        => new(InvalidParameter, ObjectWith("parameter", parameter));

    /// <summary>Builds a <c>MethodNotImplemented</c> error for <paramref name="method"/>.</summary>
    /// <param name="method">The fully-qualified method name.</param>
    /// <returns>The exception to throw from a handler.</returns>
    public static VarlinkRemoteException CreateMethodNotImplemented(string method)
        => new(MethodNotImplemented, ObjectWith("method", method));

    /// <summary>Builds an <c>ExpectedMore</c> error.</summary>
    /// <returns>The exception to throw from a handler.</returns>
    public static VarlinkRemoteException CreateExpectedMore() => new(ExpectedMore);

    /// <summary>Builds a <c>PermissionDenied</c> error.</summary>
    /// <returns>The exception to throw from a handler.</returns>
    public static VarlinkRemoteException CreatePermissionDenied() => new(PermissionDenied);

    /// <summary>Builds an <c>ExpectedUpgrade</c> error.</summary>
    /// <returns>The exception to throw from a handler.</returns>
    public static VarlinkRemoteException CreateExpectedUpgrade() => new(ExpectedUpgrade);

    internal static JsonElement ObjectWith(string name, string value)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(name, value);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
