namespace Varlink.Idl;

/// <summary>
/// A parsed varlink interface definition (a <c>.varlink</c> file): its name, documentation and
/// declarations. Compares by value over everything the text says (name, declarations in order, doc
/// comments, detached comments); the original <see cref="Text"/> and source positions do not take
/// part, so <c>Parse(x.Format())</c> equals <c>x</c>.
/// </summary>
/// <remarks>Instances are immutable and safe to share between threads.</remarks>
public sealed class VarlinkInterfaceDefinition : IEquatable<VarlinkInterfaceDefinition>
{
    private readonly Dictionary<string, VarlinkMember> _byName;

    /// <summary>Creates a definition from its parts.</summary>
    /// <param name="name">The reverse-domain interface name (for example <c>org.example.ftl</c>).</param>
    /// <param name="members">The declarations, in order; names must be unique.</param>
    /// <param name="documentation">The doc comment above <c>interface</c>, or null.</param>
    /// <param name="trailingComments">Comment blocks after the last declaration.</param>
    /// <param name="text">The text this was parsed from; null means <see cref="Format"/>'s output.</param>
    /// <exception cref="ArgumentException">Two declarations share a name.</exception>
    public VarlinkInterfaceDefinition(
        string name,
        EquatableArray<VarlinkMember> members,
        string? documentation = null,
        EquatableArray<string> trailingComments = default,
        string? text = null)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Members = members;
        Documentation = documentation;
        TrailingComments = trailingComments;
        _byName = new Dictionary<string, VarlinkMember>(StringComparer.Ordinal);
        var types = new List<VarlinkTypeDefinition>();
        var methods = new List<VarlinkMethod>();
        var errors = new List<VarlinkError>();
        foreach (var member in members)
        {
            if (_byName.ContainsKey(member.Name))
            {
                throw new ArgumentException($"'{member.Name}' is declared twice.", nameof(members));
            }

            _byName.Add(member.Name, member);
            switch (member)
            {
                case VarlinkTypeDefinition type:
                    types.Add(type);
                    break;
                case VarlinkMethod method:
                    methods.Add(method);
                    break;
                case VarlinkError error:
                    errors.Add(error);
                    break;
            }
        }

        Types = types;
        Methods = methods;
        Errors = errors;
        Text = text ?? Format();
    }

    /// <summary>The reverse-domain interface name.</summary>
    public string Name { get; }

    /// <summary>The doc comment above <c>interface</c> (lines joined by <c>\n</c>, without <c>#</c>), or null.</summary>
    public string? Documentation { get; }

    /// <summary>All declarations in the order they appear.</summary>
    public EquatableArray<VarlinkMember> Members { get; }

    /// <summary>Comment blocks after the last declaration.</summary>
    public EquatableArray<string> TrailingComments { get; }

    /// <summary>The <c>type</c> declarations, in order.</summary>
    public IReadOnlyList<VarlinkTypeDefinition> Types { get; }

    /// <summary>The <c>method</c> declarations, in order.</summary>
    public IReadOnlyList<VarlinkMethod> Methods { get; }

    /// <summary>The <c>error</c> declarations, in order.</summary>
    public IReadOnlyList<VarlinkError> Errors { get; }

    /// <summary>
    /// The text the definition was parsed from, unchanged (what <c>GetInterfaceDescription</c>
    /// returns); for a definition built in code, its canonical <see cref="Format"/> text.
    /// </summary>
    public string Text { get; }

    /// <summary>Parses the text of a <c>.varlink</c> file.</summary>
    /// <param name="text">The interface definition.</param>
    /// <returns>The parsed definition; its <see cref="Text"/> is <paramref name="text"/>.</returns>
    /// <exception cref="VarlinkIdlException">The text is not a valid interface definition; the exception says where.</exception>
    public static VarlinkInterfaceDefinition Parse(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        return new VarlinkIdlParser(text).ParseInterface();
    }

    /// <summary>Writes the definition as canonical IDL text (stable: formatting a parse of the output gives the same text).</summary>
    /// <returns>The canonical text, ending with a line break.</returns>
    public string Format() => VarlinkIdlFormatter.Format(this);

    /// <summary>Finds a method by name.</summary>
    /// <param name="name">The method name without the interface.</param>
    /// <returns>The method, or null.</returns>
    public VarlinkMethod? FindMethod(string name) => Find(name) as VarlinkMethod;

    /// <summary>Finds a named type by name.</summary>
    /// <param name="name">The type name.</param>
    /// <returns>The type definition, or null.</returns>
    public VarlinkTypeDefinition? FindType(string name) => Find(name) as VarlinkTypeDefinition;

    /// <summary>Finds an error by name.</summary>
    /// <param name="name">The error name without the interface.</param>
    /// <returns>The error, or null.</returns>
    public VarlinkError? FindError(string name) => Find(name) as VarlinkError;

    /// <inheritdoc/>
    public bool Equals(VarlinkInterfaceDefinition? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && string.Equals(Documentation, other.Documentation, StringComparison.Ordinal)
        && Members.Equals(other.Members)
        && TrailingComments.Equals(other.TrailingComments);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as VarlinkInterfaceDefinition);

    /// <inheritdoc/>
    public override int GetHashCode() => unchecked((StringComparer.Ordinal.GetHashCode(Name) * 31) + Members.GetHashCode());

    /// <summary>The interface name.</summary>
    /// <returns>The interface name.</returns>
    public override string ToString() => Name;

    private VarlinkMember? Find(string name) =>
        name is not null && _byName.TryGetValue(name, out var member) ? member : null;
}
