namespace Varlink.Idl;

/// <summary>
/// Recursive-descent parser for the varlink IDL. Comments are documentation: the block directly
/// above a declaration, field or enum member documents it; a comment at the end of a line documents
/// what that line completed; comment blocks separated from the next declaration by a blank line are
/// kept as detached comments.
/// </summary>
internal sealed partial class VarlinkIdlParser
{
    private readonly string _text;
    private readonly List<VarlinkIdlToken> _tokens;
    private readonly List<VarlinkIdlToken> _pending = [];
    private readonly List<VarlinkIdlToken> _references = [];
    private List<string>? _trailingTarget;
    private int _position;

    public VarlinkIdlParser(string text)
    {
        _text = text;
        _tokens = VarlinkIdlLexer.Tokenize(text);
    }

    public VarlinkInterfaceDefinition ParseInterface()
    {
        var keyword = Peek();
        if (!IsWord(keyword, "interface"))
        {
            throw Error(keyword, $"expected 'interface', found {keyword.Describe()}");
        }

        var interfaceDoc = new List<string>();
        foreach (var block in TakePendingBlocks())
        {
            if (interfaceDoc.Count > 0)
            {
                interfaceDoc.Add(string.Empty);
            }

            interfaceDoc.AddRange(block);
        }

        Advance();
        var name = ExpectWord("an interface name");
        if (!VarlinkNames.IsInterfaceName(name.Text))
        {
            throw Error(name, $"'{name.Text}' is not a valid interface name (dot-separated, at least two parts, letters, digits and inner hyphens)");
        }

        _trailingTarget = interfaceDoc;
        var members = new List<MemberDraft>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var token = Peek();
            if (token.Kind == VarlinkIdlTokenKind.End)
            {
                break;
            }

            if (!token.LineBreakBefore)
            {
                throw Error(token, $"expected a line break before {token.Describe()}");
            }

            if (token.Kind != VarlinkIdlTokenKind.Word || token.Text is not ("type" or "method" or "error"))
            {
                throw Error(token, $"expected 'type', 'method' or 'error', found {token.Describe()}");
            }

            var member = ParseMember(token);
            if (!names.Add(member.Name))
            {
                throw new VarlinkIdlException($"'{member.Name}' is already declared (types, methods and errors share one namespace)", member.Line, member.Column);
            }

            members.Add(member);
        }

        var trailing = TakePendingBlocks().Select(block => string.Join("\n", block)).ToList();
        foreach (var reference in _references)
        {
            if (!names.Contains(reference.Text) || members.Find(m => m.Name == reference.Text)!.Keyword != "type")
            {
                throw Error(reference, $"'{reference.Text}' is not a type declared in this interface");
            }
        }

        return new VarlinkInterfaceDefinition(
            name.Text,
            new EquatableArray<VarlinkMember>(members.Select(m => m.Build())),
            JoinDoc(interfaceDoc),
            new EquatableArray<string>(trailing),
            _text);
    }

    private MemberDraft ParseMember(VarlinkIdlToken keyword)
    {
        // The last pending block documents this declaration when no blank line separates them.
        var blocks = TakePendingBlocks();
        var documented = blocks.Count > 0 && keyword.NewlinesBefore == 1;
        var detached = new List<string>();
        for (var i = 0; i < blocks.Count - (documented ? 1 : 0); i++)
        {
            detached.Add(string.Join("\n", blocks[i]));
        }

        _trailingTarget = null;
        Advance();
        var name = ExpectWord($"a {keyword.Text} name");
        if (!VarlinkNames.IsMemberName(name.Text))
        {
            throw Error(name, $"'{name.Text}' is not a valid {keyword.Text} name (an uppercase letter, then letters and digits)");
        }

        var member = new MemberDraft(keyword, name, detached);
        if (documented)
        {
            member.Doc.AddRange(blocks[blocks.Count - 1]);
        }

        switch (keyword.Text)
        {
            case "type":
                member.Type = ParseParenthesized($"the definition of type '{name.Text}'");
                break;
            case "method":
                member.Input = ParseStruct($"the parameters of method '{name.Text}'");
                Expect(VarlinkIdlTokenKind.Arrow, $"'->' after the parameters of method '{name.Text}'");
                member.Output = ParseStruct($"the reply of method '{name.Text}'");
                break;
            default:
                member.Input = ParseStruct($"the parameters of error '{name.Text}'");
                break;
        }

        _trailingTarget = member.Doc;
        return member;
    }

    private StructDraft ParseStruct(string what)
    {
        var open = Peek();
        var draft = ParseParenthesized(what);
        return draft as StructDraft ?? throw Error(open, $"{what} must be a struct '(name: type, ...)', not an enum");
    }

    /// <summary>A struct <c>(name: type, …)</c>, an enum <c>(a, b, …)</c> or the empty struct <c>()</c>.</summary>
    private TypeDraft ParseParenthesized(string what)
    {
        Expect(VarlinkIdlTokenKind.LeftParen, $"'(' to start {what}");
        _trailingTarget = null;
        var first = Peek();
        if (first.Kind == VarlinkIdlTokenKind.RightParen)
        {
            Advance();
            TakePendingBlocks();
            return new StructDraft();
        }

        var isStruct = first.Kind == VarlinkIdlTokenKind.Word && PeekSecond().Kind == VarlinkIdlTokenKind.Colon;
        var fields = new StructDraft();
        var members = new EnumDraft();
        var names = new HashSet<string>(StringComparer.Ordinal);
        NameDraft? last = null;
        while (true)
        {
            var doc = TakePendingBlocks().SelectMany(block => block).ToList();
            var name = ExpectWord(isStruct ? "a field name" : "an enum member name");
            if (!VarlinkNames.IsFieldName(name.Text))
            {
                throw Error(name, $"'{name.Text}' is not a valid {(isStruct ? "field" : "enum member")} name (a letter, then letters, digits and single inner underscores)");
            }

            if (!names.Add(name.Text))
            {
                throw Error(name, $"'{name.Text}' appears twice in {what}");
            }

            if (isStruct)
            {
                var field = new FieldDraft(name);
                field.Doc.AddRange(doc);
                _trailingTarget = field.Doc;
                Expect(VarlinkIdlTokenKind.Colon, $"':' after field '{name.Text}' (a struct's fields all have types)");
                field.Type = ParseType();
                fields.Fields.Add(field);
                last = field;
            }
            else
            {
                last = new NameDraft(name);
                last.Doc.AddRange(doc);
                _trailingTarget = last.Doc;
                if (Peek().Kind == VarlinkIdlTokenKind.Colon)
                {
                    throw Error(Peek(), $"enum member '{name.Text}' cannot have a type (an enum's members are bare names)");
                }

                members.Members.Add(last);
            }

            _trailingTarget = last.Doc;
            var next = Peek();
            if (next.Kind == VarlinkIdlTokenKind.Comma)
            {
                Advance();
                if (Peek().Kind == VarlinkIdlTokenKind.RightParen)
                {
                    throw Error(Peek(), $"expected another {(isStruct ? "field" : "member")} after ',' in {what}");
                }

                continue;
            }

            if (next.Kind == VarlinkIdlTokenKind.RightParen)
            {
                Advance();

                // Comments on their own lines before ')' stay with the last field.
                last.Doc.AddRange(TakePendingBlocks().SelectMany(block => block));
                return isStruct ? fields : members;
            }

            throw Error(next, $"expected ',' or ')' in {what}, found {next.Describe()}");
        }
    }

    private TypeDraft ParseType()
    {
        var token = Peek();
        switch (token.Kind)
        {
            case VarlinkIdlTokenKind.Question:
                Advance();
                if (Peek().Kind == VarlinkIdlTokenKind.Question)
                {
                    throw Error(Peek(), "a nullable type cannot be made nullable again ('??')");
                }

                return new NullableDraft(ParseType());
            case VarlinkIdlTokenKind.LeftBracket:
                Advance();
                var inside = Peek();
                if (inside.Kind == VarlinkIdlTokenKind.RightBracket)
                {
                    Advance();
                    return new ArrayDraft(ParseType());
                }

                if (!IsWord(inside, "string"))
                {
                    throw Error(inside, $"expected ']' (array) or 'string' (map key), found {inside.Describe()}; map keys are always strings");
                }

                Advance();
                Expect(VarlinkIdlTokenKind.RightBracket, "']' after '[string'");
                return new MapDraft(ParseType());
            case VarlinkIdlTokenKind.LeftParen:
                return ParseParenthesized("an anonymous struct or enum");
            case VarlinkIdlTokenKind.Word:
                Advance();
                if (VarlinkPrimitiveType.FromKeyword(token.Text) is { } primitive)
                {
                    return new FixedDraft(primitive);
                }

                if (!VarlinkNames.IsMemberName(token.Text))
                {
                    throw Error(token, $"unknown type '{token.Text}' (built-in types are bool, int, float, string, object and any; type names start with an uppercase letter)");
                }

                _references.Add(token);
                return new FixedDraft(new VarlinkNamedType(token.Text));
            default:
                throw Error(token, $"expected a type, found {token.Describe()}");
        }
    }

    /// <summary>The next non-comment token; comments passed on the way are attached or queued.</summary>
    private VarlinkIdlToken Peek()
    {
        while (_tokens[_position].Kind == VarlinkIdlTokenKind.Comment)
        {
            var comment = _tokens[_position++];
            if (comment.NewlinesBefore == 0 && _trailingTarget is not null && _position > 1)
            {
                _trailingTarget.Add(CommentText(comment));
            }
            else
            {
                _pending.Add(comment);
            }
        }

        return _tokens[_position];
    }

    /// <summary>The non-comment token after <see cref="Peek"/>'s, without consuming anything.</summary>
    private VarlinkIdlToken PeekSecond()
    {
        var i = _position + 1;
        while (_tokens[i].Kind == VarlinkIdlTokenKind.Comment)
        {
            i++;
        }

        return _tokens[i];
    }

    private void Advance()
    {
        Peek();
        if (_tokens[_position].Kind != VarlinkIdlTokenKind.End)
        {
            _position++;
        }
    }

    private VarlinkIdlToken Expect(VarlinkIdlTokenKind kind, string what)
    {
        var token = Peek();
        if (token.Kind != kind)
        {
            throw Error(token, $"expected {what}, found {token.Describe()}");
        }

        Advance();
        return token;
    }

    private VarlinkIdlToken ExpectWord(string what) => Expect(VarlinkIdlTokenKind.Word, what);

    /// <summary>The queued own-line comments, split into blocks at blank lines.</summary>
    private List<List<string>> TakePendingBlocks()
    {
        var blocks = new List<List<string>>();
        foreach (var comment in _pending)
        {
            if (blocks.Count == 0 || comment.NewlinesBefore > 1)
            {
                blocks.Add([]);
            }

            blocks[blocks.Count - 1].Add(CommentText(comment));
        }

        _pending.Clear();
        return blocks;
    }

    /// <summary>A comment's text: one space after <c>#</c> is a separator, trailing white space is dropped.</summary>
    private static string CommentText(VarlinkIdlToken comment)
    {
        var text = comment.Text;
        if (text.Length > 0 && text[0] == ' ')
        {
            text = text.Substring(1);
        }

        return text.TrimEnd();
    }

    private static bool IsWord(VarlinkIdlToken token, string word) =>
        token.Kind == VarlinkIdlTokenKind.Word && token.Text == word;

    private static VarlinkIdlException Error(VarlinkIdlToken token, string reason) =>
        new(reason, token.Line, token.Column);
}
