using Drivers.NetworkManager.Devices;
using Drivers.NetworkManager.Radios;
using Drivers.NetworkManager.Tests.Infrastructure;

namespace Drivers.NetworkManager.Tests.Real;

/// <summary>Devices, saved profiles and radios, read and changed through the client against Debian's NetworkManager.</summary>
[Collection(RealNetworkManagerTests.Name)]
public sealed class RealDevicesAndProfilesTests(RealNetworkManager nm)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_devices_and_their_properties_are_the_ones_nmcli_shows()
    {
        await using var client = await NetworkManagerClient.OpenAsync(nm.BusAddress, cancellationToken: Token);

        var devices = await client.GetDevicesAsync(Token);
        var nmcli = (await nm.NmcliAsync("-t", "-f", "DEVICE,TYPE", "device"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':'))
            .ToDictionary(f => f[0], f => f[1]);

        Assert.Equal(nmcli.Keys.Order(), devices.Select(d => d.InterfaceName).Order());
        Assert.All(devices, d => Assert.Equal(nmcli[d.InterfaceName], d.TypeText));
        var veth = Assert.Single(devices, d => d.InterfaceName == RealNetworkManager.Interface);
        Assert.Equal(DeviceType.Veth, veth.Type);
        Assert.Equal("ethernet", veth.TypeText);
        Assert.Equal(DeviceState.Disconnected, veth.State);
        Assert.Equal("veth", veth.Driver);
        var mac = (await nm.InNamespaceAsync("cat", $"/sys/class/net/{RealNetworkManager.Interface}/address")).Trim();
        Assert.Equal(mac, veth.HardwareAddress, ignoreCase: true);
        Assert.Equal(DeviceType.Loopback, Assert.Single(devices, d => d.InterfaceName == "lo").Type);
    }

    [Fact]
    public async Task Every_kind_of_link_is_named_as_nmcli_names_it()
    {
        // Links of many kinds, made in the test's namespace only: NetworkManager lists them (unmanaged) with their types.
        // (The kinds every Debian kernel builds in or loads in a namespace; bond, vlan and dummy need modules some kernels lack.)
        string[][] links =
        [
            ["br9", "type", "bridge"],
            ["macvlan9", "link", "veth1", "type", "macvlan"],
            ["vxlan9", "type", "vxlan", "id", "9", "dstport", "4789"],
            ["ifb9", "type", "ifb"],
        ];
        try
        {
            foreach (var link in links)
            {
                await nm.InNamespaceAsync(["ip", "link", "add", .. link]);
            }
            await nm.InNamespaceAsync("ip", "tuntap", "add", "dev", "tun9", "mode", "tun");
            await using var client = await NetworkManagerClient.OpenAsync(nm.BusAddress, cancellationToken: Token);
            var names = links.Select(l => l[0]).Append("tun9").ToArray();
            var devices = await WaitForDevicesAsync(client, names);
            var nmcli = (await nm.NmcliAsync("-t", "-f", "DEVICE,TYPE", "device"))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(':'))
                .ToDictionary(f => f[0], f => f[1]);

            Assert.All(devices, d => Assert.Equal((d.InterfaceName, nmcli[d.InterfaceName]), (d.InterfaceName, d.TypeText)));
            Assert.Equal(DeviceType.Bridge, devices.Single(d => d.InterfaceName == "br9").Type);
            Assert.Equal(DeviceType.Vxlan, devices.Single(d => d.InterfaceName == "vxlan9").Type);
            Assert.Equal(DeviceType.Tun, devices.Single(d => d.InterfaceName == "tun9").Type);
        }
        finally
        {
            foreach (var name in links.Select(l => l[0]).Append("tun9"))
            {
                await nm.InNamespaceAsync("sh", "-c", $"ip link del {name} 2>/dev/null || true");
            }
        }
    }

    [Fact]
    public async Task A_profile_added_with_nmcli_is_listed_and_the_client_deletes_it()
    {
        await using var client = await NetworkManagerClient.OpenAsync(nm.BusAddress, cancellationToken: Token);
        await nm.NmcliAsync("connection", "add", "type", "ethernet", "ifname", RealNetworkManager.Interface, "con-name", "listed", "autoconnect", "no",
            "ipv4.method", "disabled", "ipv6.method", "disabled");
        var uuid = (await nm.NmcliAsync("-g", "connection.uuid", "connection", "show", "listed")).Trim();

        var saved = Assert.Single(await client.GetSavedConnectionsAsync(Token), s => s.Id == "listed");
        Assert.Equal(uuid, saved.Uuid);
        Assert.Equal("802-3-ethernet", saved.Type);
        Assert.False(saved.IsActive);
        Assert.True(saved.Ssid.IsEmpty);

        await client.DeleteConnectionAsync(uuid, Token);

        Assert.DoesNotContain("listed", await nm.NmcliAsync("-t", "-f", "NAME", "connection", "show"), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(nm.ProfileFolder, "listed*"));
    }

    [Fact]
    public async Task Deleting_a_profile_that_is_not_there_is_not_found()
    {
        await using var client = await NetworkManagerClient.OpenAsync(nm.BusAddress, cancellationToken: Token);

        await Assert.ThrowsAsync<NetworkNotFoundException>(() => client.DeleteConnectionAsync("no such profile", Token));
    }

    [Fact]
    public async Task The_Wifi_radio_switched_off_by_the_client_is_off_for_nmcli_and_back_on()
    {
        await using var client = await NetworkManagerClient.OpenAsync(nm.BusAddress, cancellationToken: Token);
        Assert.True((await client.GetRadiosAsync(Token)).WifiEnabled);

        await client.SetRadioAsync(Radio.Wifi, false, Token);
        var off = await client.GetRadiosAsync(Token);
        var nmcliOff = (await nm.NmcliAsync("radio", "wifi")).Trim();
        await client.SetRadioAsync(Radio.Wifi, true, Token);

        Assert.False(off.WifiEnabled);
        Assert.Equal("disabled", nmcliOff);
        Assert.Equal("enabled", (await nm.NmcliAsync("radio", "wifi")).Trim());
    }

    /// <summary>NetworkManager announces a new link soon after the kernel does: wait for its DeviceAdded, not a time.</summary>
    private static async Task<IReadOnlyList<NetworkDevice>> WaitForDevicesAsync(NetworkManagerClient client, string[] names)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var devices = await client.GetDevicesAsync(timeout.Token);
            if (names.All(n => devices.Any(d => d.InterfaceName == n)))
            {
                return devices.Where(d => names.Contains(d.InterfaceName)).ToArray();
            }
            await Task.Yield();
        }
    }
}
