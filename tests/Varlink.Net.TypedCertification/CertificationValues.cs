using System.Text.Json;

namespace Varlink.TypedCertification;

/// <summary>The values every certification step sends and expects (from the reference servers).</summary>
public static class CertificationValues
{
    /// <summary>The steps in order.</summary>
    public static readonly IReadOnlyList<string> Steps =
        ["Start", "Test01", "Test02", "Test03", "Test04", "Test05", "Test06", "Test07", "Test08", "Test09", "Test10", "Test11", "End"];

    /// <summary>The string of Test04's reply and Test05's parameter.</summary>
    public const string Ping = "ping";

    /// <summary>Test05's string.</summary>
    public const string ALotOfString = "a lot of string";

    /// <summary>Test07's reply and Test08's parameter.</summary>
    public static IReadOnlyDictionary<string, string> Map { get; } = new Dictionary<string, string> { ["foo"] = "Foo", ["bar"] = "Bar" };

    /// <summary>Test08's reply and Test09's parameter.</summary>
    public static IReadOnlySet<string> Set { get; } = new HashSet<string>(["one", "two", "three"], StringComparer.Ordinal);

    /// <summary>Test09's reply and Test10's parameter.</summary>
    public static MyType MyType { get; } = new()
    {
        Object = JsonDocument.Parse("""{"method":"org.varlink.certification.Test09","parameters":{"map":{"foo":"Foo","bar":"Bar"}}}""").RootElement,
        Enum = MyType.EnumType.Two,
        Struct = new MyType.StructType { First = 1, Second = "2" },
        Array = ["one", "two", "three"],
        Dictionary = Map,
        Stringset = Set,
        Interface = new Interface
        {
            Foo =
            [
                null,
                new Dictionary<string, Interface.FooType> { ["foo"] = Interface.FooType.Foo, ["bar"] = Interface.FooType.Bar },
                null,
                new Dictionary<string, Interface.FooType> { ["one"] = Interface.FooType.Foo, ["two"] = Interface.FooType.Bar },
            ],
            Anon = new Interface.AnonType { Foo = true, Bar = false },
        },
    };

    /// <summary>Test10's replies and Test11's parameter.</summary>
    public static IReadOnlyList<string> MoreReplies { get; } = Enumerable.Range(1, 10).Select(i => $"Reply number {i}").ToList();

    /// <summary>Whether two MyType values say the same on the wire (absent and null alike, key order ignored).</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other.</param>
    /// <returns>True when equal.</returns>
    public static bool SameOnTheWire(MyType left, MyType right) =>
        JsonElement.DeepEquals(ToJson(left), ToJson(right));

    /// <summary>A value as JSON.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Its JSON.</returns>
    public static JsonElement ToJson(MyType value) => JsonSerializer.SerializeToElement(value, CertificationJsonContext.MyType);
}
