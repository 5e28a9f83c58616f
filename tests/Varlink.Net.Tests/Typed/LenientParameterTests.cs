using System.Text.Json;
using Varlink.Tests.Support;

namespace Varlink.Tests.Typed;

/// <summary>
/// Strict (the default) and lenient parameter decoding, per interface, through the generated server
/// base: lenient reads what Go's encoding/json would (podman 1.x's server, which python-podman relied
/// on): a missing field or a null is the zero value, an unknown field is ignored, a wrong type is not.
/// </summary>
public sealed class LenientParameterTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // What Describe answers for a zero Item, an empty note, 0, false and no items: written out by
    // hand from Go's zero values (an enum's zero value is its first member).
    private const string ZeroItem = "name='' size=0 ratio=0 ready=False tags=0 labels=0 kind=Small inner=null extra=null";
    private const string AllZero = ZeroItem + " note='' count=0 flag=False items=0";

    private readonly VarlinkServer _strict = new();
    private readonly VarlinkServer _lenient = new();

    public Task InitializeAsync()
    {
        new TypedService().AddTo(_strict);
        new TypedService().AddTo(_lenient, new VarlinkInterfaceOptions { LenientParameters = true });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _strict.DisposeAsync();
        await _lenient.DisposeAsync();
    }

    [Theory]
    [InlineData("{}", AllZero)]
    [InlineData("null", AllZero)]
    [InlineData("""{"note":null,"count":null,"flag":null,"item":null,"items":null}""", AllZero)]
    [InlineData("""{"item":{"name":null,"size":null,"ratio":null,"ready":null,"tags":null,"labels":null,"kind":null}}""", AllZero)]
    [InlineData("""{"items":[null,{}]}""", ZeroItem + " note='' count=0 flag=False items=2")]
    [InlineData("""{"item":{"tags":[null],"labels":{"a":null}}}""", "name='' size=0 ratio=0 ready=False tags=1 labels=1 kind=Small inner=null extra=null note='' count=0 flag=False items=0")]
    [InlineData("""{"note":"n","bogus":[1,{"deep":true}],"item":{"name":"x","size":2,"unknown":"ignored","inner":{}}}""", "name='x' size=2 ratio=0 ready=False tags=0 labels=0 kind=Small inner=" + ZeroItem + " extra=null note='n' count=0 flag=False items=0")]
    public async Task LenientInterfaceReadsMissingFieldsAndNullsAsZeroAndIgnoresUnknownOnes(string parameters, string expected)
    {
        var text = await DescribeAsync(_lenient, parameters);
        Assert.Equal(expected, text);
    }

    [Theory]
    [InlineData("""{"count":"3"}""", "count")]
    [InlineData("""{"flag":1}""", "flag")]
    [InlineData("""{"item":{"kind":"huge"}}""", "item.kind")]
    [InlineData("""{"items":[1]}""", "items[0]")]
    [InlineData("""{"item":{"labels":{"a":1}}}""", "item.labels[a]")]
    public async Task LenientInterfaceStillRefusesAWrongTypeNamingIt(string parameters, string name)
    {
        var error = await Assert.ThrowsAsync<VarlinkRemoteException>(() => DescribeAsync(_lenient, parameters));
        Assert.Equal(VarlinkServiceErrors.InvalidParameter, error.ErrorName);
        Assert.Equal(name, error.Parameters.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("{}", "item")]
    [InlineData("""{"item":{"name":"x","size":1,"ratio":1,"ready":true,"tags":[],"labels":{},"kind":"small"},"note":null,"count":1,"flag":true,"items":[]}""", "note")]
    [InlineData("""{"item":{"name":"x","size":1,"ratio":1,"ready":true,"tags":[],"labels":{},"kind":"small"},"note":"","count":1,"flag":true,"items":[],"bogus":1}""", "bogus")]
    public async Task StrictInterfaceRefusesMissingUnknownAndNullFieldsNamingThem(string parameters, string name)
    {
        var error = await Assert.ThrowsAsync<VarlinkRemoteException>(() => DescribeAsync(_strict, parameters));
        Assert.Equal(VarlinkServiceErrors.InvalidParameter, error.ErrorName);
        Assert.Equal(name, error.Parameters.GetProperty("parameter").GetString());
    }

    private static async Task<string> DescribeAsync(VarlinkServer server, string parameters)
    {
        await using var connection = await VarlinkConnection.ConnectAsync(new InMemoryDuplex.Transport(server));
        var call = parameters == "null" ? default : TestService.Json(parameters);
        var reply = await connection.CallAsync("org.example.typed.Describe", call).WaitAsync(Timeout);
        return reply.GetProperty("text").GetString()!;
    }
}
