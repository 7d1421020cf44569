using System.Net;
using System.Net.Sockets;
using Samples.Tests.Infrastructure;

namespace Samples.Tests.ShutterWeb;

/// <summary>Whatever stops shutter-web from listening, it says so in one sentence and exits with a documented code.</summary>
public sealed class ShutterWebListenTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static void AssertOneSentence(SampleResult result)
    {
        Assert.Single(result.StandardError.TrimEnd().Split('\n'));
        Assert.StartsWith("shutter-web: ", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://127.0.0.1:5098")]
    [InlineData("http://127.0.0.1:5097;https://localhost:5098")]
    public async Task An_https_url_is_refused_in_one_sentence_with_exit_2_not_an_abort(string urls)
    {
        var result = await SampleProcess.RunAsync(ShutterWebServer.Dll, ["--simulate", "--urls", urls], cancellationToken: Token);

        Assert.Equal(2, result.ExitCode);
        AssertOneSentence(result);
        Assert.Contains("HTTPS", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_exits_1_with_one_sentence_and_no_host_trace()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var result = await SampleProcess.RunAsync(ShutterWebServer.Dll, ["--simulate", "--urls", $"http://127.0.0.1:{port}"], cancellationToken: Token);

        Assert.Equal(1, result.ExitCode);
        AssertOneSentence(result);
        Assert.Contains($"127.0.0.1:{port}", result.StandardError, StringComparison.Ordinal);
    }
}
