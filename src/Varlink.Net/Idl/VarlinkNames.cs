namespace Varlink.Idl;

/// <summary>The IDL's naming rules.</summary>
public static class VarlinkNames
{
    /// <summary>
    /// Whether <paramref name="name"/> is a valid interface name: at least two dot-separated parts of
    /// ASCII letters and digits with inner hyphens, the first part starting with a letter.
    /// </summary>
    /// <param name="name">A candidate name.</param>
    /// <returns>True when valid.</returns>
    public static bool IsInterfaceName(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        var parts = name.Split('.');
        if (parts.Length < 2 || parts[0].Length == 0 || !VarlinkIdlLexer.IsAsciiLetter(parts[0][0]))
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length == 0 || part[0] == '-' || part[part.Length - 1] == '-')
            {
                return false;
            }

            foreach (var c in part)
            {
                if (c != '-' && !VarlinkIdlLexer.IsAsciiLetterOrDigit(c))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="name"/> is a valid type, method or error name (<c>[A-Z][A-Za-z0-9]*</c>).</summary>
    /// <param name="name">A candidate name.</param>
    /// <returns>True when valid.</returns>
    public static bool IsMemberName(string name)
    {
        if (string.IsNullOrEmpty(name) || name[0] < 'A' || name[0] > 'Z')
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!VarlinkIdlLexer.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="name"/> is a valid field or enum member name (<c>[A-Za-z](_?[A-Za-z0-9])*</c>).</summary>
    /// <param name="name">A candidate name.</param>
    /// <returns>True when valid.</returns>
    public static bool IsFieldName(string name)
    {
        if (string.IsNullOrEmpty(name) || !VarlinkIdlLexer.IsAsciiLetter(name[0]) || name[name.Length - 1] == '_')
        {
            return false;
        }

        for (var i = 1; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '_' ? name[i - 1] == '_' : !VarlinkIdlLexer.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
