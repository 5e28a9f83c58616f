using Microsoft.CodeAnalysis;

namespace Varlink.Net.Generator.Tests;

/// <summary>The generated code compiles with every warning as an error, documentation comments checked.</summary>
public class CompileTests
{
    public static TheoryData<string> Interfaces() => new() { "org.varlink.certification", "org.example.bench", "io.podman" };

    [Theory]
    [MemberData(nameof(Interfaces))]
    public void GeneratedCodeCompilesWithoutWarnings(string name)
    {
        var run = InterfaceCases.Generate(name);

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()));
    }

    [Fact]
    public void HandWrittenServiceAndClientCompileAgainstGeneratedCode()
    {
        const string user = """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Varlink;

            namespace Varlink.Bench;

            /// <summary>A bench service written against the generated base.</summary>
            public sealed class BenchService : BenchServiceBase
            {
                /// <inheritdoc/>
                protected override ValueTask<string> PingAsync(string ping, VarlinkCall call, CancellationToken cancellationToken) => new(ping);

                /// <inheritdoc/>
                protected override async ValueTask StreamAsync(long count, long size, VarlinkReplyWriter<string> replies, VarlinkCall call, CancellationToken cancellationToken)
                {
                    for (var i = 0; i < count; i++)
                    {
                        await Task.Yield();
                        await replies.WriteAsync(new string('x', (int)size), last: i == count - 1, cancellationToken);
                    }
                }

                /// <inheritdoc/>
                protected override ValueTask<string> EchoAsync(string blob, VarlinkCall call, CancellationToken cancellationToken) => new(blob);
            }

            /// <summary>Calls the bench service through the generated client.</summary>
            public static class BenchUse
            {
                /// <summary>Pings, streams and echoes.</summary>
                /// <param name="client">The client.</param>
                /// <returns>The number of replies.</returns>
                public static async Task<int> RunAsync(BenchProxy client)
                {
                    var pong = await client.PingAsync("ping");
                    var count = 0;
                    await foreach (var data in client.StreamAsync(3, 1))
                    {
                        count += data.Length;
                    }

                    await client.EchoOnewayAsync(pong);
                    return count;
                }
            }
            """;
        var run = InterfaceCases.Generate("org.example.bench", user);

        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()));
    }
}
