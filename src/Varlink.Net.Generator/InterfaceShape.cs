using Varlink.Idl;

namespace Varlink.Generator;

/// <summary>Everything the emitters need for one interface.</summary>
internal sealed class InterfaceShape(VarlinkInterfaceDefinition definition, string @namespace, string prefix, string accessibility, bool client, bool server)
{
    public VarlinkInterfaceDefinition Definition { get; } = definition;

    public string Namespace { get; } = @namespace;

    public string Prefix { get; } = prefix;

    public string Accessibility { get; } = accessibility;

    public bool Client { get; } = client;

    public bool Server { get; } = server;

    /// <summary>Methods that get a <c>…OnewayAsync</c> form in the proxy (item metadata <c>VarlinkOnewayMethods</c>).</summary>
    public HashSet<string> OnewayMethods { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether replies are read leniently: null or absent as zero values (item metadata <c>VarlinkLenientReplies</c>).</summary>
    public bool LenientReplies { get; set; }

    public string ProxyName => Prefix + "Proxy";

    public string ServiceBaseName => Prefix + "ServiceBase";

    public string ContextName => Prefix + "JsonContext";

    public string CodecName => Prefix + "JsonCodec";

    public List<RecordShape> Records { get; } = [];

    public List<EnumShape> Enums { get; } = [];

    public List<MethodShape> Methods { get; } = [];

    public List<ErrorShape> Errors { get; } = [];

    /// <summary>Top-level records that get JSON metadata: named types, then method messages, then error payloads.</summary>
    public IEnumerable<RecordShape> SerializableRecords =>
        Records.Concat(Methods.SelectMany(m => new[] { m.Parameters, m.Reply })).Concat(Errors.Select(e => e.Payload));
}
