using System.Diagnostics;
using System.Text.Json;
using Drivers.NetworkManager.Simulation;
using Samples.Tests.Infrastructure;

namespace Samples.Tests.Xnm;

/// <summary>xnm monitor while NetworkManager (the simulator) stops and starts again.</summary>
public sealed class XnmMonitorRestartTests(XnmBus bus) : IClassFixture<XnmBus>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Monitor_reports_NetworkManager_stopping_and_running_again()
    {
        var first = await SimulatedNetworkManager.StartAsync(bus.Address, cancellationToken: Token);
        using var subscription = await MatchRuleWatch.StartAsync(bus.Address, "/org/freedesktop/NetworkManager", Token);
        using var process = Process.Start(SampleProcess.Start(XnmBus.Xnm, ["--bus", bus.Address, "monitor", "--json"]))!;
        try
        {
            await subscription.AddedAsync(Token);
            await first.DisposeAsync();
            var stopped = await process.StandardOutput.ReadLineAsync(Token).AsTask().WaitAsync(TimeSpan.FromSeconds(60), Token);
            await using var second = await SimulatedNetworkManager.StartAsync(bus.Address, cancellationToken: Token);
            var running = await process.StandardOutput.ReadLineAsync(Token).AsTask().WaitAsync(TimeSpan.FromSeconds(60), Token);

            using var stoppedJson = JsonDocument.Parse(stopped!);
            using var runningJson = JsonDocument.Parse(running!);
            Assert.Equal("networkmanager-stopped", stoppedJson.RootElement.GetProperty("event").GetString());
            Assert.Equal("networkmanager-running", runningJson.RootElement.GetProperty("event").GetString());
            Assert.False(process.HasExited);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(Token);
        }
    }
}
