using System.Text.Json;

namespace Varlink.TestPeers;

/// <summary>
/// Compares JSON values as varlink sees them: object members in any order, a member whose value is
/// null the same as an absent one, numbers by value (so 1 equals 1.0).
/// </summary>
public static class JsonCompare
{
    public static bool Equivalent(JsonElement a, JsonElement b)
    {
        if (a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number)
        {
            if (a.TryGetInt64(out long x) && b.TryGetInt64(out long y))
            {
                return x == y;
            }

            return a.GetDouble().Equals(b.GetDouble());
        }

        if (a.ValueKind != b.ValueKind)
        {
            return false;
        }

        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                var left = Members(a);
                var right = Members(b);
                if (left.Count != right.Count)
                {
                    return false;
                }

                foreach (var (name, value) in left)
                {
                    if (!right.TryGetValue(name, out var other) || !Equivalent(value, other))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                if (a.GetArrayLength() != b.GetArrayLength())
                {
                    return false;
                }

                using (var ea = a.EnumerateArray())
                using (var eb = b.EnumerateArray())
                {
                    while (ea.MoveNext() && eb.MoveNext())
                    {
                        if (!Equivalent(ea.Current, eb.Current))
                        {
                            return false;
                        }
                    }
                }

                return true;
            case JsonValueKind.String:
                return a.GetString() == b.GetString();
            default:
                return true;
        }
    }

    private static Dictionary<string, JsonElement> Members(JsonElement element)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Null)
            {
                members[property.Name] = property.Value;
            }
        }

        return members;
    }
}
