using Drivers.NetworkManager.Connections;
using Drivers.NetworkManager.Devices;
using Drivers.NetworkManager.Tests.Infrastructure;
using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Tests.Simulation;

public sealed class StatusTests(BusFixture bus) : IClassFixture<BusFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_nothing_up_the_status_is_disconnected_with_the_modem_state()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);

        var status = await world.Client.GetStatusAsync(Token);

        Assert.Equal(NetworkManagerState.Disconnected, status.State);
        Assert.False(status.IsConnected);
        Assert.Null(status.ConnectionId);
        Assert.Null(status.StrengthPercent);
        Assert.Equal(DeviceState.Disconnected, status.ModemState);
    }

    [Fact]
    public async Task With_wifi_up_the_status_names_the_ssid_its_strength_and_device()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);
        await world.Client.ConnectToWifiAsync("HomeWPA2", "correct horse", cancellationToken: Token);

        var status = await world.Client.GetStatusAsync(Token);

        Assert.Equal(NetworkManagerState.ConnectedGlobal, status.State);
        Assert.Equal(("HomeWPA2", "HomeWPA2", "wlan0", DeviceType.Wifi, (byte?)67), (status.ConnectionId, status.Ssid, status.InterfaceName, status.DeviceType, status.StrengthPercent));
    }

    [Fact]
    public async Task Without_a_modem_the_modem_state_is_null()
    {
        await using var world = await SimulatedWorld.StartAsync(bus, sampleNetworks: false);
        world.Simulator.AddEthernetDevice("eth0");

        var status = await world.Client.GetStatusAsync(Token);

        Assert.Null(status.ModemState);
    }

    [Fact]
    public async Task The_simulator_answers_GetManagedObjects_as_libnm_reads_it()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);
        using var connection = new DBusConnection(bus.Address);
        await connection.ConnectAsync();
        MessageBuffer Create()
        {
            using var writer = connection.GetMessageWriter();
            writer.WriteMethodCallHeader("org.freedesktop.NetworkManager", "/org/freedesktop", "org.freedesktop.DBus.ObjectManager", "GetManagedObjects");
            return writer.CreateMessage();
        }

        var objects = await connection.CallMethodAsync(Create(), static (m, _) =>
        {
            var reader = m.GetBodyReader();
            var result = new Dictionary<string, string[]>();
            var end = reader.ReadDictionaryStart();
            while (reader.HasNext(end))
            {
                var path = reader.ReadObjectPathAsString();
                var names = new List<string>();
                var interfacesEnd = reader.ReadDictionaryStart();
                while (reader.HasNext(interfacesEnd))
                {
                    names.Add(reader.ReadString());
                    reader.ReadDictionaryOfStringToVariantValue();
                }
                result[path] = [.. names];
            }
            return result;
        });

        Assert.Contains("org.freedesktop.NetworkManager", objects["/org/freedesktop/NetworkManager"]);
        Assert.Equal(7, objects.Values.Count(i => i.Contains("org.freedesktop.NetworkManager.AccessPoint")));
        Assert.Equal(3, objects.Values.Count(i => i.Contains("org.freedesktop.NetworkManager.Device")));
    }
}
