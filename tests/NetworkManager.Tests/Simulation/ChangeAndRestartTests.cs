using Drivers.NetworkManager.Changes;
using Drivers.NetworkManager.Connections;
using Drivers.NetworkManager.Devices;
using Drivers.NetworkManager.Protocol;
using Drivers.NetworkManager.Radios;
using Drivers.NetworkManager.Simulation;
using Drivers.NetworkManager.Tests.Infrastructure;
using Drivers.NetworkManager.Wifi;

namespace Drivers.NetworkManager.Tests.Simulation;

public sealed class ChangeAndRestartTests(BusFixture bus) : IClassFixture<BusFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Reads the stream in the background until <paramref name="until"/> holds for what was seen.</summary>
    private static async Task<List<NetworkChange>> CollectAsync(NetworkManagerClient client, Func<List<NetworkChange>, bool> until, Func<Task> act)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var seen = new List<NetworkChange>();
        var started = new TaskCompletionSource();
        var reader = Task.Run(async () =>
        {
            await using var changes = client.WatchChangesAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
            var next = changes.MoveNextAsync();
            started.SetResult();
            while (await next)
            {
                seen.Add(changes.Current);
                if (until(seen))
                {
                    return;
                }
                next = changes.MoveNextAsync();
            }
        }, timeout.Token);
        await started.Task;
        await TestBus.ListeningAsync(client); // the subscription is made on the first MoveNextAsync
        await act();
        await reader;
        return seen;
    }

    [Fact]
    public async Task A_connect_streams_device_states_and_the_active_connection_state()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);

        var seen = await CollectAsync(world.Client,
            s => s.OfType<ActiveConnectionChange>().Any(a => a.State == ActiveConnectionState.Activated),
            () => world.Client.ConnectToWifiAsync("CafeOpen", cancellationToken: Token));

        var states = seen.OfType<DeviceStateChange>().Where(d => d.InterfaceName == "wlan0").Select(d => d.NewState).ToArray();
        Assert.Equal([DeviceState.Prepare, DeviceState.Config, DeviceState.IpConfig, DeviceState.IpCheck, DeviceState.Secondaries, DeviceState.Activated], states);
    }

    [Fact]
    public async Task A_wrong_password_streams_need_auth_then_failed_with_reason_7()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);

        var seen = await CollectAsync(world.Client,
            s => s.OfType<DeviceStateChange>().Any(d => d.NewState == DeviceState.Failed),
            async () => await Assert.ThrowsAsync<WrongPasswordException>(() => world.Client.ConnectToWifiAsync("HomeWPA2", "wrong horse", cancellationToken: Token)));

        var failed = seen.OfType<DeviceStateChange>().Last();
        Assert.Equal(DeviceState.NeedAuth, failed.OldState);
        Assert.Equal(DeviceStateReason.NoSecrets, failed.Reason);
    }

    [Fact]
    public async Task A_wrong_password_streams_the_active_connection_deactivated_for_no_secrets()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);

        var seen = await CollectAsync(world.Client,
            s => s.OfType<ActiveConnectionChange>().Any(a => a.State == ActiveConnectionState.Deactivated),
            async () => await Assert.ThrowsAsync<WrongPasswordException>(() => world.Client.ConnectToWifiAsync("HomeWPA2", "wrong horse", cancellationToken: Token)));

        var deactivated = seen.OfType<ActiveConnectionChange>().Single(a => a.State == ActiveConnectionState.Deactivated);
        Assert.Equal(ActiveConnectionStateReason.NoSecrets, deactivated.Reason);
    }

    [Fact]
    public async Task Deleting_an_active_profile_streams_its_connection_removed()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);
        await world.Client.ConnectToWifiAsync("CafeOpen", cancellationToken: Token);

        var seen = await CollectAsync(world.Client,
            s => s.OfType<ActiveConnectionChange>().Any(a => a.State == ActiveConnectionState.Deactivated),
            () => world.Client.DeleteConnectionAsync("CafeOpen", Token));

        // As NetworkManager 1.42 does (RealActivationTests): the device says why, the active connection only "device disconnected".
        var deactivated = seen.OfType<ActiveConnectionChange>().Single(a => a.State == ActiveConnectionState.Deactivated);
        Assert.Equal(ActiveConnectionStateReason.DeviceDisconnected, deactivated.Reason);
        Assert.Equal(DeviceStateReason.ConnectionRemoved, seen.OfType<DeviceStateChange>().First(d => d.NewState == DeviceState.Deactivating).Reason);
    }

    [Fact]
    public async Task Access_points_coming_and_going_are_streamed()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);

        var seen = await CollectAsync(world.Client,
            s => s.OfType<AccessPointChange>().Count() == 2,
            () =>
            {
                world.Simulator.AddAccessPoint("wlan0", new SimulatedAccessPoint { Ssid = "Pop-up", Bssid = "00:11:22:33:44:99" });
                world.Simulator.RemoveAccessPoint("wlan0", "00:11:22:33:44:99");
                return Task.CompletedTask;
            });

        var changes = seen.OfType<AccessPointChange>().ToArray();
        Assert.Equal([true, false], changes.Select(c => c.Added));
        Assert.Equal(changes[0].AccessPointPath, changes[1].AccessPointPath);
    }

    [Fact]
    public async Task Radio_switches_are_streamed()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);

        var seen = await CollectAsync(world.Client,
            s => s.OfType<RadioChange>().Any(r => r.Hardware),
            async () =>
            {
                await world.Client.SetRadioAsync(Radio.Wwan, false, Token);
                world.Simulator.SetHardwareSwitch(Radio.Wifi, false);
            });

        var radios = seen.OfType<RadioChange>().ToArray();
        Assert.Contains(radios, r => r is { Radio: Radio.Wwan, Hardware: false, Enabled: false });
        Assert.Contains(radios, r => r is { Radio: Radio.Wifi, Hardware: true, Enabled: false });
    }

    [Fact]
    public async Task A_restarted_NetworkManager_is_followed_by_calls_and_by_the_stream()
    {
        var first = await SimulatedNetworkManager.StartAsync(bus.Address, cancellationToken: Token);
        first.AddWifiDevice("wlan0");
        await using var client = await NetworkManagerClient.OpenAsync(bus.Address, cancellationToken: Token);
        Assert.Equal(["wlan0"], (await client.GetDevicesAsync(Token)).Select(d => d.InterfaceName));

        SimulatedNetworkManager? second = null;
        var seen = await CollectAsync(client,
            s => s.OfType<AccessPointChange>().Any(),
            async () =>
            {
                using (var name = await NameOwnerWatch.StartAsync(bus.Address, NmNames.Service, Token))
                {
                    await first.DisposeAsync();
                    await name.ReleasedAsync(Token);
                }
                second = await SimulatedNetworkManager.StartAsync(bus.Address, cancellationToken: Token);
                second.AddWifiDevice("wlp2s0");
                second.AddAccessPoint("wlp2s0", new SimulatedAccessPoint { Ssid = "After restart", Bssid = "00:11:22:33:44:aa", Security = WifiSecurity.Wpa2, Password = "12345678" });
            });
        await using var restarted = second!;

        Assert.Single(seen.OfType<AccessPointChange>());
        Assert.Equal(["wlp2s0"], (await client.GetDevicesAsync(Token)).Select(d => d.InterfaceName));
        Assert.Equal("After restart", Assert.Single(await client.GetAccessPointsAsync(cancellationToken: Token)).SsidText);
        Assert.True((await client.ConnectToWifiAsync("After restart", "12345678", cancellationToken: Token)).IsActive);
    }

    [Fact]
    public async Task Calls_while_NetworkManager_is_gone_fail_with_the_bus_error_name()
    {
        var simulator = await SimulatedNetworkManager.StartAsync(bus.Address, cancellationToken: Token);
        await using var client = await NetworkManagerClient.OpenAsync(bus.Address, cancellationToken: Token);
        using var name = await NameOwnerWatch.StartAsync(bus.Address, NmNames.Service, Token);
        await simulator.DisposeAsync();
        await name.ReleasedAsync(Token);
        Assert.False(await client.IsRunningAsync(Token));

        var error = await Assert.ThrowsAsync<NetworkManagerErrorException>(() => client.GetDevicesAsync(Token));

        Assert.Equal("org.freedesktop.DBus.Error.ServiceUnknown", error.ErrorName);
    }

    [Fact]
    public async Task A_bus_that_is_not_there_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<NetworkManagerErrorException>(() =>
            NetworkManagerClient.OpenAsync("unix:path=/nonexistent/bus", cancellationToken: Token));

        Assert.Equal("org.freedesktop.DBus.Error.NoServer", error.ErrorName);
        Assert.Contains("/nonexistent/bus", error.Message, StringComparison.Ordinal);
    }
}
