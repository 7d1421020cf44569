using System.Diagnostics;

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
        using (var kill = Process.Start("kill", ["-" + signal, server.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
        }
        await server.Process.WaitForExitAsync(Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
        Assert.Equal(exitCode, server.Process.ExitCode);
        Assert.DoesNotContain("   at ", server.Errors, StringComparison.Ordinal);
    }
}
