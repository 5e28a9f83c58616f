namespace Varlink.Idl;

/// <summary>
/// The parser first builds mutable drafts, because a comment at the end of a line belongs to the
/// field or declaration before it, which may already be complete when the comment is read.
/// </summary>
internal sealed partial class VarlinkIdlParser
{
    private static string? JoinDoc(List<string> lines) => lines.Count == 0 ? null : string.Join("\n", lines);

    private abstract class TypeDraft
    {
        public abstract VarlinkType Build();
    }

    private sealed class FixedDraft(VarlinkType type) : TypeDraft
    {
        public override VarlinkType Build() => type;
    }

    private sealed class ArrayDraft(TypeDraft element) : TypeDraft
    {
        public override VarlinkType Build() => new VarlinkArrayType(element.Build());
    }

    private sealed class MapDraft(TypeDraft value) : TypeDraft
    {
        public override VarlinkType Build() => new VarlinkMapType(value.Build());
    }

    private sealed class NullableDraft(TypeDraft inner) : TypeDraft
    {
        public override VarlinkType Build() => new VarlinkNullableType(inner.Build());
    }

    private sealed class StructDraft : TypeDraft
    {
        public List<FieldDraft> Fields { get; } = [];

        public VarlinkStructType BuildStruct() =>
            Fields.Count == 0 ? VarlinkStructType.Empty : new VarlinkStructType(new EquatableArray<VarlinkField>(Fields.Select(f => f.Build())));

        public override VarlinkType Build() => BuildStruct();
    }

    private sealed class EnumDraft : TypeDraft
    {
        public List<NameDraft> Members { get; } = [];

        public override VarlinkType Build() =>
            new VarlinkEnumType(new EquatableArray<VarlinkEnumMember>(
                Members.Select(m => new VarlinkEnumMember(m.Name, JoinDoc(m.Doc)) { Line = m.Line, Column = m.Column })));
    }

    /// <summary>Something named, with a position and doc lines: an enum member, a field, a declaration.</summary>
    private class NameDraft(VarlinkIdlToken name)
    {
        public string Name { get; } = name.Text;

        public int Line { get; } = name.Line;

        public int Column { get; } = name.Column;

        public List<string> Doc { get; } = [];
    }

    private sealed class FieldDraft(VarlinkIdlToken name) : NameDraft(name)
    {
        public TypeDraft Type { get; set; } = new FixedDraft(VarlinkStructType.Empty);

        public VarlinkField Build() => new(Name, Type.Build(), JoinDoc(Doc)) { Line = Line, Column = Column };
    }

    private sealed class MemberDraft(VarlinkIdlToken keyword, VarlinkIdlToken name, List<string> detached) : NameDraft(name)
    {
        public string Keyword { get; } = keyword.Text;

        public TypeDraft? Type { get; set; }

        public StructDraft? Input { get; set; }

        public StructDraft? Output { get; set; }

        public VarlinkMember Build()
        {
            VarlinkMember member = Keyword switch
            {
                "type" => new VarlinkTypeDefinition(Name, Type!.Build(), JoinDoc(Doc)),
                "method" => new VarlinkMethod(Name, Input!.BuildStruct(), Output!.BuildStruct(), JoinDoc(Doc)),
                _ => new VarlinkError(Name, Input!.BuildStruct(), JoinDoc(Doc)),
            };
            return member with
            {
                DetachedComments = new EquatableArray<string>(detached),
                Line = Line,
                Column = Column,
            };
        }
    }
}
