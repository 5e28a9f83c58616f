using Varlink.Idl;

namespace Varlink.Generator;

/// <summary>A method with its generated parameters and reply records.</summary>
internal sealed class MethodShape(VarlinkMethod method, MethodKind kind, RecordShape parameters, RecordShape reply)
{
    public VarlinkMethod Method { get; } = method;

    public string Name => Method.Name;

    public MethodKind Kind { get; } = kind;

    public RecordShape Parameters { get; } = parameters;

    public RecordShape Reply { get; } = reply;

    /// <summary>The C# type a caller gets per reply: nothing, the single field's type, or the reply record.</summary>
    public string? ResultType => Reply.Fields.Count switch
    {
        0 => null,
        1 => Reply.Fields[0].Type.CSharp,
        _ => Reply.Path,
    };
}
