namespace Varlink;

/// <summary>The untyped face of <see cref="PendingUpgrade{T}"/> that the read loop sees.</summary>
internal interface IPendingUpgrade
{
    /// <summary>Reads the confirming reply's parameters while the frame is still valid.</summary>
    bool TryReadConfirmation(ReplyEnvelope reply);

    /// <summary>Hands the detached stream to the caller.</summary>
    void Complete(Stream stream);
}
