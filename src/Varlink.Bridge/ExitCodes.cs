namespace Varlink.Bridge;

/// <summary>The bridge's exit codes (the BSD sysexits values, so scripts can tell the cases apart).</summary>
internal static class ExitCodes
{
    /// <summary>Both directions ended normally.</summary>
    public const int Success = 0;

    /// <summary>The command line was wrong (EX_USAGE).</summary>
    public const int Usage = 64;

    /// <summary>The service could not be reached: socket missing, refused, or no permission (EX_UNAVAILABLE).</summary>
    public const int Unavailable = 69;

    /// <summary>The connection failed while bytes were being copied (EX_IOERR).</summary>
    public const int IoError = 74;
}
