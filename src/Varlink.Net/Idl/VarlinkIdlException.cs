namespace Varlink.Idl;

/// <summary>
/// A varlink interface definition could not be parsed: a syntax error, an invalid name, a duplicate
/// declaration or a reference to an undeclared type. <see cref="Line"/> and <see cref="Column"/> say
/// where (both 1-based; columns count UTF-16 code units).
/// </summary>
public sealed class VarlinkIdlException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">What is wrong, without the position.</param>
    /// <param name="line">The 1-based line of the offending text.</param>
    /// <param name="column">The 1-based column of the offending text.</param>
    public VarlinkIdlException(string reason, int line, int column)
        : base($"{line}:{column}: {reason}")
    {
        Reason = reason;
        Line = line;
        Column = column;
    }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }

    /// <summary>The 1-based line of the offending text.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the offending text.</summary>
    public int Column { get; }
}
