namespace Varlink.TestPeers;

/// <summary>A certification step that did not get the expected answer.</summary>
public sealed class CertificationFailure(string step, string detail, Exception? inner = null)
    : Exception($"Certification step {step} failed: {detail}", inner)
{
    public string Step { get; } = step;
}
