using Drivers.NetworkManager.Devices;
using Drivers.NetworkManager.Tests.Infrastructure;
using Drivers.NetworkManager.Wifi;

namespace Drivers.NetworkManager.Tests.Simulation;

public sealed class ConnectTests(BusFixture bus) : IClassFixture<BusFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<Connections.SavedConnection[]> WifiProfilesAsync(SimulatedWorld world) =>
        (await world.Client.GetSavedConnectionsAsync(Token)).Where(s => s.Type == "802-11-wireless").ToArray();

    [Fact]
    public async Task An_open_network_is_joined_and_then_shown_active_and_saved()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);

        var profile = await world.Client.ConnectToWifiAsync("CafeOpen", cancellationToken: Token);

        Assert.Equal("CafeOpen", profile.Id);
        Assert.True(profile.IsActive);
        var cafe = Assert.Single(await world.Client.GetAccessPointsAsync(cancellationToken: Token), a => a.IsActive);
        Assert.Equal("CafeOpen", cafe.SsidText);
        Assert.True(cafe.IsSaved);
        var wlan = Assert.Single(await world.Client.GetDevicesAsync(Token), d => d.InterfaceName == "wlan0");
        Assert.Equal(DeviceState.Activated, wlan.State);
        Assert.Equal("CafeOpen", wlan.ActiveConnectionId);
    }

    [Fact]
    public async Task A_protected_network_is_joined_with_its_password()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);

        var profile = await world.Client.ConnectToWifiAsync("HomeWPA2", "correct horse", cancellationToken: Token);

        Assert.Equal("802-11-wireless", profile.Type);
        Assert.Equal("HomeWPA2"u8.ToArray(), profile.Ssid.ToArray());
        Assert.Contains(await world.Client.GetSavedConnectionsAsync(Token), s => s.Id == "HomeWPA2" && s.IsActive);
    }

    [Fact]
    public async Task A_wpa3_network_is_joined_with_sae()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);

        var profile = await world.Client.ConnectToWifiAsync("Neighbour WPA3", "battery staple", cancellationToken: Token);

        Assert.True(profile.IsActive);
    }

    [Fact]
    public async Task A_wrong_password_is_a_distinct_error_with_reason_7_and_leaves_no_profile_behind()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);

        var error = await Assert.ThrowsAsync<WrongPasswordException>(() => world.Client.ConnectToWifiAsync("HomeWPA2", "wrong horse", cancellationToken: Token));

        Assert.Equal(DeviceStateReason.NoSecrets, error.Reason);
        Assert.True(error.PasswordGiven);
        Assert.DoesNotContain("wrong horse", error.Message, StringComparison.Ordinal);
        Assert.Empty(await WifiProfilesAsync(world));
        Assert.Equal(DeviceState.Disconnected, (await world.Client.GetDevicesAsync(Token))[0].State);
    }

    [Fact]
    public async Task A_missing_password_for_a_protected_network_is_refused_before_anything_is_saved()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);

        var error = await Assert.ThrowsAsync<WrongPasswordException>(() => world.Client.ConnectToWifiAsync("HomeWPA2", cancellationToken: Token));

        Assert.False(error.PasswordGiven);
        Assert.Empty(await WifiProfilesAsync(world));
    }

    [Fact]
    public async Task A_password_too_short_for_wpa_is_refused_by_NetworkManager_with_its_error_name()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);

        var error = await Assert.ThrowsAsync<NetworkManagerErrorException>(() => world.Client.ConnectToWifiAsync("HomeWPA2", "short", cancellationToken: Token));

        Assert.Equal("org.freedesktop.NetworkManager.Settings.Connection.InvalidProperty", error.ErrorName);
        Assert.DoesNotContain("short", error.Message.Replace("shorter", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_enterprise_network_is_refused_by_NetworkManager_for_want_of_an_802_1x_setting()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);

        var error = await Assert.ThrowsAsync<NetworkManagerErrorException>(() => world.Client.ConnectToWifiAsync("eduroam", "campus password", cancellationToken: Token));

        Assert.Equal("org.freedesktop.NetworkManager.Settings.Connection.MissingSetting", error.ErrorName);
        Assert.Empty(await WifiProfilesAsync(world));
    }

    [Fact]
    public async Task A_saved_profile_is_reused_without_a_password()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);
        world.Simulator.AddWifiProfile("HomeWPA2", "correct horse");

        var profile = await world.Client.ConnectToWifiAsync("HomeWPA2", cancellationToken: Token);

        Assert.True(profile.IsActive);
        Assert.Single(await WifiProfilesAsync(world));
    }

    [Fact]
    public async Task A_saved_profile_with_a_stale_password_is_updated_by_a_new_one_not_duplicated()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);
        world.Simulator.AddWifiProfile("HomeWPA2", "old password");
        await Assert.ThrowsAsync<WrongPasswordException>(() => world.Client.ConnectToWifiAsync("HomeWPA2", cancellationToken: Token));

        var profile = await world.Client.ConnectToWifiAsync("HomeWPA2", "correct horse", cancellationToken: Token);

        Assert.True(profile.IsActive);
        Assert.Single(await WifiProfilesAsync(world));
    }

    [Fact]
    public async Task A_hidden_network_is_joined_only_as_hidden()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);

        await Assert.ThrowsAsync<NetworkNotFoundException>(() => world.Client.ConnectToWifiAsync("Attic", "hidden attic", cancellationToken: Token));
        var profile = await world.Client.ConnectToWifiAsync("Attic", "hidden attic", new WifiConnectOptions { Hidden = true }, Token);

        Assert.True(profile.IsActive);
        Assert.Equal(DeviceState.Activated, (await world.Client.GetDevicesAsync(Token))[0].State);
    }

    [Fact]
    public async Task A_hidden_network_that_is_not_there_fails_with_ssid_not_found()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);

        var error = await Assert.ThrowsAsync<ActivationFailedException>(() => world.Client.ConnectToWifiAsync("Nowhere", "password1", new WifiConnectOptions { Hidden = true }, Token));

        Assert.Equal(DeviceStateReason.SsidNotFound, error.Reason);
        Assert.Empty(await WifiProfilesAsync(world));
    }

    [Fact]
    public async Task An_ssid_out_of_range_is_not_found()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);

        await Assert.ThrowsAsync<NetworkNotFoundException>(() => world.Client.ConnectToWifiAsync("Elsewhere", "password1", cancellationToken: Token));
    }

    [Fact]
    public async Task Disconnect_takes_the_device_down_and_a_second_one_says_not_active()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);
        await world.Client.ConnectToWifiAsync("CafeOpen", cancellationToken: Token);

        await world.Client.DisconnectAsync("wlan0", Token);

        Assert.Equal(DeviceState.Disconnected, (await world.Client.GetDevicesAsync(Token))[0].State);
        var error = await Assert.ThrowsAsync<NetworkManagerErrorException>(() => world.Client.DisconnectAsync("wlan0", Token));
        Assert.Equal("org.freedesktop.NetworkManager.Device.NotActive", error.ErrorName);
    }

    [Fact]
    public async Task Joining_another_network_replaces_the_first()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);
        await world.Client.ConnectToWifiAsync("CafeOpen", cancellationToken: Token);

        await world.Client.ConnectToWifiAsync("Office", "office-pass", cancellationToken: Token);

        var active = Assert.Single(await world.Client.GetAccessPointsAsync(cancellationToken: Token), a => a.IsActive);
        Assert.Equal("Office", active.SsidText);
    }
}
