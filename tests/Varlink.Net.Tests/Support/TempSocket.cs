namespace Varlink.Tests.Support;

/// <summary>A unique unix socket path under the temp directory, removed on dispose.</summary>
internal sealed class TempSocket : IDisposable
{
    public TempSocket()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"vl-{Environment.ProcessId}-{Guid.NewGuid():N}"[..24] + ".sock");
    }

    public string Path { get; }

    public string Address => "unix:" + Path;

    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
        }
    }
}
