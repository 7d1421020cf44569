using Drivers.NetworkManager.Devices;
using Drivers.NetworkManager.Tests.Infrastructure;
using Drivers.NetworkManager.Wifi;

namespace Drivers.NetworkManager.Tests.Simulation;

public sealed class ListingTests(BusFixture bus) : IClassFixture<BusFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Devices_are_listed_with_interface_type_and_state()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);

        var devices = await world.Client.GetDevicesAsync(Token);

        Assert.Equal(["wlan0", "cdc-wdm0", "eth0"], devices.Select(d => d.InterfaceName));
        Assert.Equal([DeviceType.Wifi, DeviceType.Modem, DeviceType.Ethernet], devices.Select(d => d.Type));
        Assert.All(devices, d => Assert.Equal(DeviceState.Disconnected, d.State));
        Assert.All(devices, d => Assert.Null(d.ActiveConnectionId));
    }

    [Fact]
    public async Task Access_points_carry_ssid_bssid_strength_frequency_rate_and_nmcli_security()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);

        var aps = await world.Client.GetAccessPointsAsync(cancellationToken: Token);

        Assert.Equal(7, aps.Count);
        Assert.Equal(aps.OrderByDescending(a => a.StrengthPercent).Select(a => a.Bssid), aps.Select(a => a.Bssid));
        var home = Assert.Single(aps, a => a.SsidText == "HomeWPA2");
        Assert.Equal("00:11:22:33:44:02"u8.ToArray().Length, home.Bssid.Length);
        Assert.Equal("00:11:22:33:44:02", home.Bssid);
        Assert.Equal("HomeWPA2"u8.ToArray(), home.Ssid.ToArray());
        Assert.Equal(67, home.StrengthPercent);
        Assert.Equal(5180u, home.FrequencyMhz);
        Assert.Equal(270_000u, home.MaxBitrateKbps);
        Assert.Equal(WifiSecurity.Wpa2, home.Security);
        Assert.Equal("WPA2", home.SecurityText);
        Assert.True(home.NeedsPassword);
        Assert.Equal("open", Assert.Single(aps, a => a.SsidText == "CafeOpen").SecurityText);
        Assert.Equal("WPA3", Assert.Single(aps, a => a.SsidText == "Neighbour WPA3").SecurityText);
        Assert.Equal("WPA2 WPA3", Assert.Single(aps, a => a.SsidText == "Office").SecurityText);
        Assert.Equal("WPA2 802.1X", Assert.Single(aps, a => a.SsidText == "eduroam").SecurityText);
        Assert.Equal("WEP", Assert.Single(aps, a => a.SsidText == "OldPrinter").SecurityText);
        var hidden = Assert.Single(aps, a => a.Ssid.IsEmpty);
        Assert.Equal("", hidden.SsidText);
        Assert.All(aps, a => Assert.False(a.IsActive));
        Assert.All(aps, a => Assert.False(a.IsSaved));
        Assert.All(aps, a => Assert.Equal("wlan0", a.InterfaceName));
    }

    [Fact]
    public async Task An_unknown_wifi_interface_is_not_found()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);

        await Assert.ThrowsAsync<NetworkNotFoundException>(() => world.Client.GetAccessPointsAsync("wlan9", Token));
    }

    [Fact]
    public async Task A_saved_profile_marks_its_access_point_as_saved()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);
        world.Simulator.AddWifiProfile("HomeWPA2", "correct horse");

        var aps = await world.Client.GetAccessPointsAsync(cancellationToken: Token);

        Assert.Equal(["HomeWPA2"], aps.Where(a => a.IsSaved).Select(a => a.SsidText));
    }

    [Fact]
    public async Task A_second_rescan_within_ten_seconds_is_throttled_not_an_error()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);

        Assert.True(await world.Client.RescanAsync(cancellationToken: Token));
        Assert.False(await world.Client.RescanAsync("wlan0", Token));
        world.Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.True(await world.Client.RescanAsync("wlan0", Token));
    }
}
