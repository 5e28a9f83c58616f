namespace Varlink;

/// <summary>How a <see cref="VarlinkServer"/> serves one registered interface.</summary>
public sealed class VarlinkInterfaceOptions
{
    /// <summary>The options used when none are given: strict parameters.</summary>
    public static VarlinkInterfaceOptions Default { get; } = new();

    /// <summary>
    /// Whether call parameters are decoded leniently, as podman 1.x (Go's <c>encoding/json</c>) did and
    /// as its clients rely on (python-podman leaves arguments out). Off (the default, and what the
    /// varlink specification asks of services), a missing non-nullable field, an unknown field or a
    /// null for a non-nullable field is answered with <c>org.varlink.service.InvalidParameter</c>
    /// naming it. On, a missing field or a null reads as its zero value (<c>false</c>, <c>0</c>,
    /// <c>""</c>, an empty list, map or set, a struct of zero values, an enum's first member) and an
    /// unknown field is ignored; a value of the wrong type is still refused. Applies to the server's
    /// check and to <see cref="VarlinkCall.GetParameters{T}(System.Text.Json.Serialization.Metadata.JsonTypeInfo{T})"/>
    /// with the metadata Varlink.Net.Generator makes; <see cref="VarlinkCall.Parameters"/> shows the
    /// parameters as they arrived.
    /// </summary>
    public bool LenientParameters { get; init; }
}
