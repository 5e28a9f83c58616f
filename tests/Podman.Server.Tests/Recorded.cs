namespace Podman.Server.Tests;

/// <summary>The libpod replies recorded from podman 4.3.1 in the appliance (Recorded/, made by Recorded/record.sh).</summary>
public static class Recorded
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Recorded", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path(name));

    public static string Text(string name) => File.ReadAllText(Path(name));
}
