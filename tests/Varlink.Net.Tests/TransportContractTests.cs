namespace Varlink.Tests;

public class TransportContractTests
{
    private sealed class LoopbackTransport : IVarlinkTransport
    {
        public ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken = default)
            => ValueTask.FromResult<Stream>(new MemoryStream());
    }

    [Fact]
    public async Task TransportYieldsReadableWritableStream()
    {
        IVarlinkTransport transport = new LoopbackTransport();
        await using var stream = await transport.ConnectAsync();
        Assert.True(stream.CanRead && stream.CanWrite);
    }
}
