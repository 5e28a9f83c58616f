using System.Text.Json;

namespace Varlink;

/// <summary>
/// The service answered a call with a varlink error: <see cref="ErrorName"/> is its fully-qualified
/// name (<c>org.varlink.service.InvalidParameter</c>), <see cref="Parameters"/> its parameters.
/// Generated code derives one typed exception per interface error from this class; a server handler
/// throws it (or a derived type) to send an error reply.
/// </summary>
public class VarlinkRemoteException : VarlinkException
{
    /// <summary>Creates the exception for an error reply.</summary>
    /// <param name="errorName">The fully-qualified error name, for example <c>org.example.ftl.NotFound</c>.</param>
    /// <param name="parameters">The error parameters; <c>default</c> means none (an empty object).</param>
    /// <param name="message">A message; when null, one is made from the name and parameters.</param>
    /// <param name="innerException">The cause, if any.</param>
    public VarlinkRemoteException(string errorName, JsonElement parameters = default, string? message = null, Exception? innerException = null)
        : base(message ?? Describe(errorName, parameters), innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorName);
        ErrorName = errorName;
        Parameters = parameters;
    }

    /// <summary>The fully-qualified varlink error name.</summary>
    public string ErrorName { get; }

    /// <summary>
    /// The error parameters as raw JSON (an object), or a <c>default</c> element
    /// (<see cref="JsonValueKind.Undefined"/>) when the error carries none.
    /// </summary>
    public JsonElement Parameters { get; }

    private static string Describe(string errorName, JsonElement parameters)
        => parameters.ValueKind == JsonValueKind.Object && parameters.EnumerateObject().Any()
            ? $"The varlink service replied with error {errorName} {parameters.GetRawText()}."
            : $"The varlink service replied with error {errorName}.";
}
