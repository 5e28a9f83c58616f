using Varlink.Idl;

namespace Varlink.Generator;

/// <summary>An error with its exception class, payload record, and the exception's property names.</summary>
internal sealed class ErrorShape(VarlinkError error, string exceptionName, RecordShape payload, List<string> propertyNames)
{
    public VarlinkError Error { get; } = error;

    public string ExceptionName { get; } = exceptionName;

    public RecordShape Payload { get; } = payload;

    /// <summary>Per payload field, the exception's property name (differs when an Exception member has the name).</summary>
    public List<string> PropertyNames { get; } = propertyNames;
}
