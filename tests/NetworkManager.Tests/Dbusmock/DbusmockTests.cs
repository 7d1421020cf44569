using Drivers.NetworkManager.Changes;
using Drivers.NetworkManager.Devices;
using Drivers.NetworkManager.Radios;
using Drivers.NetworkManager.Tests.Infrastructure;
using Drivers.NetworkManager.Wifi;

namespace Drivers.NetworkManager.Tests.Dbusmock;

/// <summary>The client against python-dbusmock's NetworkManager: an implementation we did not write.</summary>
public sealed class DbusmockTests(BusFixture bus) : IClassFixture<BusFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<(DbusmockNetworkManager Mock, NetworkManagerClient Client)> StartAsync()
    {
        var mock = await DbusmockNetworkManager.StartAsync(bus.Address, Token);
        var client = await NetworkManagerClient.OpenAsync(bus.Address, new NetworkManagerClientOptions { ActivationTimeout = TimeSpan.FromSeconds(30) }, Token);
        return (mock, client);
    }

    [Fact]
    public async Task Devices_are_listed_from_the_mock()
    {
        var (mock, client) = await StartAsync();
        await using var _ = mock;
        await using var __ = client;

        var devices = await client.GetDevicesAsync(Token);

        Assert.Equal(["cdc-wdm0", "wlan0"], devices.Select(d => d.InterfaceName).Order());
        Assert.Equal(DeviceType.Wifi, Assert.Single(devices, d => d.InterfaceName == "wlan0").Type);
        Assert.Equal(DeviceType.Modem, Assert.Single(devices, d => d.InterfaceName == "cdc-wdm0").Type);
        Assert.All(devices, d => Assert.Equal(DeviceState.Disconnected, d.State));
    }

    [Fact]
    public async Task Access_points_are_listed_with_their_properties()
    {
        var (mock, client) = await StartAsync();
        await using var _ = mock;
        await using var __ = client;

        var aps = await client.GetAccessPointsAsync("wlan0", Token);

        Assert.Equal(["CafeOpen", "HomeWPA2"], aps.Select(a => a.SsidText));
        var open = aps[0];
        Assert.Equal(("00:11:22:33:44:01", (byte)80, 2412u, 54_000u, WifiSecurity.Open), (open.Bssid, open.StrengthPercent, open.FrequencyMhz, open.MaxBitrateKbps, open.Security));
        // The template copies one value into both WpaFlags and RsnFlags: 0x100 reads as WPA1 and WPA2.
        Assert.Equal("WPA1 WPA2", aps[1].SecurityText);
        Assert.All(aps, a => Assert.False(a.IsActive));
    }

    [Fact]
    public async Task A_rescan_is_requested_even_though_the_mock_reports_no_scan_time()
    {
        var (mock, client) = await StartAsync();
        await using var _ = mock;
        await using var __ = client;

        Assert.True(await client.RescanAsync(cancellationToken: Token));

        Assert.Equal(1, await mock.CountCallsAsync(DbusmockNetworkManager.WifiDevice, "RequestScan"));
    }

    [Fact]
    public async Task Connect_marks_the_access_point_active_and_saved_and_disconnect_undoes_it()
    {
        var (mock, client) = await StartAsync();
        await using var _ = mock;
        await using var __ = client;

        var profile = await client.ConnectToWifiAsync("HomeWPA2", "correct horse", cancellationToken: Token);

        Assert.True(profile.IsActive);
        var home = Assert.Single(await client.GetAccessPointsAsync(cancellationToken: Token), a => a.SsidText == "HomeWPA2");
        Assert.True(home.IsActive); // found through the active connection's SpecificObject: the mock has no ActiveAccessPoint
        Assert.True(home.IsSaved);
        Assert.Equal(DeviceState.Activated, Assert.Single(await client.GetDevicesAsync(Token), d => d.InterfaceName == "wlan0").State);

        // The mock has no Device.Disconnect: the client falls back to deactivating the device's connection.
        await client.DisconnectAsync("wlan0", Token);

        Assert.Equal(DeviceState.Disconnected, Assert.Single(await client.GetDevicesAsync(Token), d => d.InterfaceName == "wlan0").State);
        Assert.DoesNotContain(await client.GetAccessPointsAsync(cancellationToken: Token), a => a.IsActive);
    }

    [Fact]
    public async Task An_open_network_is_joined()
    {
        var (mock, client) = await StartAsync();
        await using var _ = mock;
        await using var __ = client;

        var profile = await client.ConnectToWifiAsync("CafeOpen", cancellationToken: Token);

        Assert.Equal("CafeOpen", profile.Id);
    }

    [Fact]
    public async Task A_password_failure_reported_by_state_reason_7_is_a_wrong_password()
    {
        var (mock, client) = await StartAsync();
        await using var _ = mock;
        await using var __ = client;
        await using var changes = client.WatchChangesAsync(Token).GetAsyncEnumerator(Token);
        var next = changes.MoveNextAsync();
        await TestBus.ListeningAsync(client);

        await mock.EmitDeviceStateChangedAsync(DbusmockNetworkManager.WifiDevice, 120, 60, 7);

        Assert.True(await next);
        var change = Assert.IsType<DeviceStateChange>(changes.Current);
        Assert.Equal(("wlan0", DeviceState.Failed, DeviceState.NeedAuth, DeviceStateReason.NoSecrets), (change.InterfaceName, change.NewState, change.OldState, change.Reason));
    }

    [Fact]
    public async Task Radios_are_read_and_switched()
    {
        var (mock, client) = await StartAsync();
        await using var _ = mock;
        await using var __ = client;

        Assert.Equal(new RadioState(true, true, false, true), await client.GetRadiosAsync(Token));
        await client.SetRadioAsync(Radio.Wwan, true, Token);
        await client.SetRadioAsync(Radio.Wifi, false, Token);

        Assert.Equal(new RadioState(false, true, true, true), await client.GetRadiosAsync(Token));
    }

    [Fact]
    public async Task The_modem_is_activated_with_its_gsm_profile_and_deactivated()
    {
        var (mock, client) = await StartAsync();
        await using var _ = mock;
        await using var __ = client;

        var profile = await client.ConnectModemAsync(cancellationToken: Token);

        Assert.Equal(("Mobile 4G", "gsm"), (profile.Id, profile.Type));
        Assert.True((await client.GetRadiosAsync(Token)).WwanEnabled);
        Assert.Equal("Mobile 4G", Assert.Single(await client.GetDevicesAsync(Token), d => d.Type == DeviceType.Modem).ActiveConnectionId);
        await client.DisconnectModemAsync(cancellationToken: Token);
        Assert.Null(Assert.Single(await client.GetDevicesAsync(Token), d => d.Type == DeviceType.Modem).ActiveConnectionId);
    }

    [Fact]
    public async Task The_mocks_error_names_come_through_typed()
    {
        var (mock, client) = await StartAsync();
        await using var _ = mock;
        await using var __ = client;

        var error = await Assert.ThrowsAsync<NetworkManagerErrorException>(() => client.DisconnectAsync("wlan0", Token));

        Assert.Equal("org.freedesktop.NetworkManager.Device.NotActive", error.ErrorName);
    }
}
