using System.Diagnostics;
using Drivers.NetworkManager.Changes;
using Drivers.NetworkManager.Devices;
using Drivers.NetworkManager.Tests.Infrastructure;

namespace Drivers.NetworkManager.Tests.Real;

/// <summary>The change stream and an activation across a restart of Debian's NetworkManager (its object paths are numbered anew).</summary>
[Collection(RealNetworkManagerTests.Name)]
public sealed class RealRestartTests(RealNetworkManager nm)
{
    private const string Veth = RealNetworkManager.Interface;
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_stream_reports_NetworkManager_leaving_and_returning_and_goes_on_delivering()
    {
        await using var client = await NetworkManagerClient.OpenAsync(nm.BusAddress, cancellationToken: Token);
        var stopwatch = new Stopwatch();
        var returned = TimeSpan.Zero;

        var seen = await StreamRecorder.CollectAsync(client,
            s =>
            {
                if (s[^1] is ServiceChange { Running: true })
                {
                    returned = stopwatch.Elapsed;
                }
                return s.OfType<ServiceChange>().Any(c => c.Running)
                    && s.SkipWhile(c => c is not ServiceChange { Running: true }).OfType<DeviceStateChange>().Any(d => d.InterfaceName == Veth);
            },
            async () =>
            {
                await nm.StopDaemonAsync(Token);
                stopwatch.Start();
                await nm.StartDaemonAsync(Token);
            });
        var delivered = stopwatch.Elapsed;

        Assert.Equal([false, true], seen.OfType<ServiceChange>().Select(c => c.Running));
        TestContext.Current.TestOutputHelper?.WriteLine($"restart figure: name back after {returned.TotalMilliseconds:F0} ms, first device change after {delivered.TotalMilliseconds:F0} ms (from the daemon's start)");
        Assert.Contains(await client.GetDevicesAsync(Token), d => d.InterfaceName == Veth && d.State == DeviceState.Disconnected);
    }
}
