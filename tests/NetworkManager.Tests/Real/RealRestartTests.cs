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

    [Fact]
    public async Task An_activation_taken_over_by_the_restarted_NetworkManager_is_followed_by_interface_name_and_UUID()
    {
        await using var client = await NetworkManagerClient.OpenAsync(nm.BusAddress, new NetworkManagerClientOptions { ActivationTimeout = TimeSpan.FromSeconds(60) }, Token);
        // DHCP with no server and eight seconds to wait: the activation is still going when NetworkManager restarts (in
        // about a second). The new one takes veth0 over (from its state in /run) under new object paths, and reports it
        // connected once its own DHCP wait is over: the client finds both again by interface name and UUID.
        await nm.NmcliAsync("connection", "add", "type", "ethernet", "ifname", Veth, "con-name", "wired-restart", "autoconnect", "no",
            "ipv4.method", "auto", "ipv4.dhcp-timeout", "8", "ipv4.may-fail", "no", "ipv6.method", "disabled");
        var uuid = (await nm.NmcliAsync("-g", "connection.uuid", "connection", "show", "id", "wired-restart")).Trim();
        try
        {
            Task<Connections.SavedConnection>? activation = null;
            await StreamRecorder.CollectAsync(client,
                s => s.OfType<DeviceStateChange>().Any(d => d.InterfaceName == Veth && d.NewState == DeviceState.IpConfig),
                () =>
                {
                    activation = client.ActivateConnectionAsync("wired-restart", cancellationToken: Token);
                    return Task.CompletedTask;
                });

            await nm.StopDaemonAsync(Token);
            await nm.StartDaemonAsync(Token, untilStarted: false);

            var up = await activation!.WaitAsync(TimeSpan.FromSeconds(60), Token);

            // NetworkManager 1.42 takes the device over as it left it (reason 41, "now managed") and reports it connected.
            Assert.True(up.IsActive);
            Assert.Equal(uuid, up.Uuid);
            Assert.Equal($"{Veth}:connected:wired-restart", (await nm.NmcliAsync("-t", "-f", "DEVICE,STATE,CONNECTION", "device")).Split('\n')[0]);
            Assert.Single(await client.GetSavedConnectionsAsync(Token), s => s.Id == "wired-restart");
        }
        finally
        {
            await nm.NmcliAsync("-w", "10", "connection", "delete", "id", "wired-restart");
            await nm.RestartAsync(Token); // the next test finds the daemon started up and veth0 settled

        }
    }
}
