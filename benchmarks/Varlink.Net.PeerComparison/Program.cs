using System.Globalization;
using System.Text;
using Varlink.PeerComparison;

ComparisonOptions options;
try
{
    options = ComparisonOptions.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(ComparisonOptions.Usage);
    return 2;
}

var machine = MachineInfo.Read();
ComparisonResults results;
try
{
    results = await new ComparisonRunner(options, Console.Error).RunAsync();
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or FormatException or IOException)
{
    Console.Error.WriteLine("peer comparison FAILED: " + e.Message);
    return 1;
}

var report = MarkdownReport.Render(results, options, machine, MachineInfo.ReadLoad());
Console.Write(report);
if (options.OutputFile is { } output)
{
    await File.WriteAllTextAsync(output, report);
}

if (options.SamplesFile is { } samples)
{
    var tsv = new StringBuilder("client\tserver\tfigure\tvalue\n");
    foreach (var (pair, figure, value) in results.All())
    {
        tsv.Append(CultureInfo.InvariantCulture, $"{pair.Client}\t{pair.Server}\t{figure}\t{value}\n");
    }

    await File.WriteAllTextAsync(samples, tsv.ToString());
}

return 0;
