using System.Globalization;

namespace Varlink.Tests.Typed;

/// <summary>org.example.typed on the generated server base: Watch makes each item only when the test lets it.</summary>
internal sealed class TypedService : TypedServiceBase
{
    private int _produced;

    /// <summary>Released by the test once per item Watch may make.</summary>
    public SemaphoreSlim Allowed { get; } = new(0);

    /// <summary>How many items Watch has made so far.</summary>
    public int Produced => Volatile.Read(ref _produced);

    public static Item NewItem(int i) => new()
    {
        Name = "item" + i.ToString(CultureInfo.InvariantCulture),
        Size = i,
        Ratio = i / 2.0,
        Ready = i % 2 == 0,
        Tags = ["t" + i.ToString(CultureInfo.InvariantCulture)],
        Labels = new Dictionary<string, string> { ["n"] = i.ToString(CultureInfo.InvariantCulture) },
        Kind = Item.KindType.Small,
    };

    protected override async ValueTask WatchAsync(long count, VarlinkReplyWriter<Item> replies, VarlinkCall call, CancellationToken cancellationToken)
    {
        for (int i = 1; i <= count; i++)
        {
            await Allowed.WaitAsync(cancellationToken);
            Interlocked.Increment(ref _produced);
            if (!await replies.WriteAsync(NewItem(i), last: i == count, cancellationToken))
            {
                return;
            }
        }
    }

    protected override ValueTask<string> DescribeAsync(Item item, string note, long count, bool flag, IReadOnlyList<Item> items, VarlinkCall call, CancellationToken cancellationToken) =>
        new(Describe(item) + $" note={Show(note)} count={count} flag={flag} items={items.Count}");

    /// <summary>Every field of an item, so a test sees what the handler got.</summary>
    public static string Describe(Item item) =>
        $"name={Show(item.Name)} size={item.Size} ratio={item.Ratio.ToString(CultureInfo.InvariantCulture)} ready={item.Ready} tags={item.Tags.Count} labels={item.Labels.Count} kind={item.Kind} inner={(item.Inner is null ? "null" : Describe(item.Inner))} extra={Show(item.Extra)}";

    private static string Show(string? text) => text is null ? "null" : "'" + text + "'";
}
