namespace Varlink.Ssh.Tests;

/// <summary>Bounded reads for byte-level tests.</summary>
internal static class StreamAssert
{
    /// <summary>Reads until end of stream (at most <paramref name="limit"/> bytes, within 60 s).</summary>
    public static async Task<byte[]> ReadToEndAsync(Stream stream, int limit = 16 * 1024 * 1024)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var result = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            result.Write(buffer, 0, read);
            Assert.True(result.Length <= limit, $"more than {limit} bytes");
        }

        return result.ToArray();
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes within 60 s.</summary>
    public static async Task<byte[]> ReadExactlyAsync(Stream stream, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, timeout.Token);
        return buffer;
    }

    public static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
