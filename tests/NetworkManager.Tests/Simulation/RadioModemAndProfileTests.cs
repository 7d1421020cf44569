using Drivers.NetworkManager.Devices;
using Drivers.NetworkManager.Radios;
using Drivers.NetworkManager.Tests.Infrastructure;

namespace Drivers.NetworkManager.Tests.Simulation;

public sealed class RadioModemAndProfileTests(BusFixture bus) : IClassFixture<BusFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Radios_report_software_and_hardware_switches()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);
        world.Simulator.SetHardwareSwitch(Radio.Wwan, false);

        var radios = await world.Client.GetRadiosAsync(Token);

        Assert.Equal(new RadioState(WifiEnabled: true, WifiHardwareEnabled: true, WwanEnabled: true, WwanHardwareEnabled: false), radios);
    }

    [Fact]
    public async Task Switching_wifi_off_drops_the_connection_and_makes_the_device_unavailable()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);
        await world.Client.ConnectToWifiAsync("CafeOpen", cancellationToken: Token);

        await world.Client.SetRadioAsync(Radio.Wifi, false, Token);

        Assert.False((await world.Client.GetRadiosAsync(Token)).WifiEnabled);
        var wlan = (await world.Client.GetDevicesAsync(Token))[0];
        Assert.Equal(DeviceState.Unavailable, wlan.State);
        Assert.Null(wlan.ActiveConnectionId);
        await world.Client.SetRadioAsync(Radio.Wifi, true, Token);
        Assert.Equal(DeviceState.Disconnected, (await world.Client.GetDevicesAsync(Token))[0].State);
    }

    [Fact]
    public async Task A_wifi_connect_with_the_radio_off_is_refused_by_NetworkManager()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);
        await world.Client.SetRadioAsync(Radio.Wifi, false, Token);

        var error = await Assert.ThrowsAsync<NetworkManagerErrorException>(() => world.Client.ConnectToWifiAsync("CafeOpen", cancellationToken: Token));

        Assert.StartsWith("org.freedesktop.NetworkManager.", error.ErrorName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_modem_comes_up_with_its_profile_and_goes_down_again()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);

        var profile = await world.Client.ConnectModemAsync(cancellationToken: Token);

        Assert.Equal("Mobile broadband", profile.Id);
        Assert.Equal("gsm", profile.Type);
        var modem = Assert.Single(await world.Client.GetDevicesAsync(Token), d => d.Type == DeviceType.Modem);
        Assert.Equal(DeviceState.Activated, modem.State);
        Assert.Equal("Mobile broadband", modem.ActiveConnectionId);
        await world.Client.DisconnectModemAsync(cancellationToken: Token);
        Assert.Equal(DeviceState.Disconnected, Assert.Single(await world.Client.GetDevicesAsync(Token), d => d.Type == DeviceType.Modem).State);
    }

    [Fact]
    public async Task Connecting_the_modem_switches_wwan_on_first()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);
        await world.Client.SetRadioAsync(Radio.Wwan, false, Token);

        await world.Client.ConnectModemAsync("cdc-wdm0", Token);

        Assert.True((await world.Client.GetRadiosAsync(Token)).WwanEnabled);
    }

    [Fact]
    public async Task The_modem_behind_a_hardware_switch_cannot_come_up()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);
        world.Simulator.SetHardwareSwitch(Radio.Wwan, false);

        await Assert.ThrowsAsync<NetworkManagerErrorException>(() => world.Client.ConnectModemAsync(cancellationToken: Token));
    }

    [Fact]
    public async Task No_modem_is_not_found()
    {
        await using var world = await SimulatedWorld.StartAsync(bus, sampleNetworks: false);
        world.Simulator.AddWifiDevice("wlan0");

        await Assert.ThrowsAsync<NetworkNotFoundException>(() => world.Client.ConnectModemAsync(cancellationToken: Token));
    }

    [Fact]
    public async Task Saved_profiles_are_listed_activated_deactivated_and_deleted_by_name()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);
        world.Simulator.AddWifiProfile("CafeOpen", null);

        Assert.Equal(["Mobile broadband", "CafeOpen"], (await world.Client.GetSavedConnectionsAsync(Token)).Select(s => s.Id).Order().Reverse());
        var up = await world.Client.ActivateConnectionAsync("CafeOpen", cancellationToken: Token);
        Assert.True(up.IsActive);
        Assert.True(Assert.Single(await world.Client.GetSavedConnectionsAsync(Token), s => s.Id == "CafeOpen").IsActive);

        await world.Client.DeactivateConnectionAsync(up.Uuid, Token);
        Assert.False(Assert.Single(await world.Client.GetSavedConnectionsAsync(Token), s => s.Id == "CafeOpen").IsActive);
        await Assert.ThrowsAsync<NetworkNotFoundException>(() => world.Client.DeactivateConnectionAsync("CafeOpen", Token));

        await world.Client.DeleteConnectionAsync("CafeOpen", Token);
        Assert.DoesNotContain(await world.Client.GetSavedConnectionsAsync(Token), s => s.Id == "CafeOpen");
        await Assert.ThrowsAsync<NetworkNotFoundException>(() => world.Client.DeleteConnectionAsync("CafeOpen", Token));
    }

    [Fact]
    public async Task A_saved_profile_with_a_wrong_password_fails_to_activate_as_a_password_error()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);
        world.Simulator.AddWifiProfile("HomeWPA2", "not the password");

        var error = await Assert.ThrowsAsync<WrongPasswordException>(() => world.Client.ActivateConnectionAsync("HomeWPA2", "wlan0", Token));

        Assert.Equal(DeviceStateReason.NoSecrets, error.Reason);
    }
}
