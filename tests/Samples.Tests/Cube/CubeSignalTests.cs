using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Samples.Tests.Cube;

/// <summary>How cube stops: SIGTERM (a service manager) is a normal stop, Ctrl-C is 130 as shells report SIGINT.</summary>
public sealed class CubeSignalTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("TERM", 0)]
    [InlineData("INT", 130)]
    public async Task A_signal_stops_the_server_with_its_documented_code(string signal, int exitCode)
    {
        await using var server = await CubeServer.StartAsync(["--simulate"], cancellationToken: Token);
        // Pages open: one that reads, and one that never does (its connection fills up); the stop holds for neither.
        using var reading = await server.Client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, Token);
        using var stalled = new TcpClient { ReceiveBufferSize = 1024 };
        await stalled.ConnectAsync(server.Address.Host, server.Address.Port, Token);
        await stalled.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"GET /api/events HTTP/1.1\r\nHost: {server.Address.Authority}\r\n\r\n"), Token);
        await server.DiagnosticsAsync(open: 2, cancellationToken: Token);
        // Until the stalled page's connection is full and hundreds of its frames coalesced: data waits for it in the server.
        while ((await server.DiagnosticsAsync(cancellationToken: Token)).GetProperty("skippedFrames").GetInt64() < 500)
        {
            await Task.Yield();
        }
        var signalled = DateTime.Now;
        using (var kill = Process.Start("kill", ["-" + signal, server.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
        }
        await server.Process.WaitForExitAsync(Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
        Assert.Equal(exitCode, server.Process.ExitCode);
        // Well within the host's 30-second shutdown timeout, after which Kestrel would cut the connections itself.
        Assert.True(server.Process.ExitTime - signalled < TimeSpan.FromSeconds(10), $"Stopped {(server.Process.ExitTime - signalled).TotalSeconds:0.0} s after the signal.");
        Assert.DoesNotContain("   at ", server.Errors, StringComparison.Ordinal);
    }
}
