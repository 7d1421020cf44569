using Drivers.NetworkManager.Changes;
using Drivers.NetworkManager.Simulation;
using Drivers.NetworkManager.Tests.Infrastructure;
using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Tests.Simulation;

public sealed class RobustnessTests(BusFixture bus) : IClassFixture<BusFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Malformed_signals_are_dropped_and_the_stream_goes_on()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);
        using var rogue = new DBusConnection(bus.Address);
        await rogue.ConnectAsync();
        await using var changes = world.Client.WatchChangesAsync(Token).GetAsyncEnumerator(Token);
        var next = changes.MoveNextAsync();
        await TestBus.ListeningAsync(world.Client);

        // A StateChanged with a string body, one with too few numbers, and an unknown signature.
        Emit(rogue, "/org/freedesktop/NetworkManager/Devices/1", "org.freedesktop.NetworkManager.Device", "StateChanged", "s", (ref MessageWriter w) => w.WriteString("garbage"));
        Emit(rogue, "/org/freedesktop/NetworkManager/Devices/1", "org.freedesktop.NetworkManager.Device", "StateChanged", "u", (ref MessageWriter w) => w.WriteUInt32(100));
        Emit(rogue, "/org/freedesktop/NetworkManager/Devices/1", "org.freedesktop.NetworkManager.Device.Wireless", "AccessPointAdded", "ay", (ref MessageWriter w) => w.WriteArray(new byte[] { 1, 2, 3 }));
        world.Simulator.AddAccessPoint("wlan0", new SimulatedAccessPoint { Ssid = "After garbage", Bssid = "00:11:22:33:44:aa" });

        Assert.True(await next);
        var change = Assert.IsType<AccessPointChange>(changes.Current);
        Assert.True(change.Added);
        Assert.Single(await world.Client.GetAccessPointsAsync(cancellationToken: Token), a => a.SsidText == "After garbage");
    }

    [Fact]
    public async Task Passwords_never_reach_the_log()
    {
        using var log = new ListLogger();
        await using var simulator = await SimulatedNetworkManager.StartAsync(bus.Address, new SimulatedNetworkManagerOptions { StepDelay = TimeSpan.Zero }, Token);
        simulator.AddSampleNetworks();
        await using var client = await NetworkManagerClient.OpenAsync(bus.Address, new NetworkManagerClientOptions { LoggerFactory = log }, Token);

        await Assert.ThrowsAsync<WrongPasswordException>(() => client.ConnectToWifiAsync("HomeWPA2", "wrong horse", cancellationToken: Token));
        await client.ConnectToWifiAsync("HomeWPA2", "correct horse", cancellationToken: Token);

        Assert.NotEmpty(log.Messages);
        Assert.Contains(log.Messages, m => m.Contains("HomeWPA2", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Messages, m => m.Contains("horse", StringComparison.Ordinal));
    }

    private delegate void Body(ref MessageWriter writer);

    private static void Emit(DBusConnection connection, string path, string @interface, string member, string signature, Body body)
    {
        var writer = connection.GetMessageWriter();
        try
        {
            writer.WriteSignalHeader(null, path, @interface, member, signature);
            body(ref writer);
            connection.TrySendMessage(writer.CreateMessage());
        }
        finally
        {
            writer.Dispose();
        }
    }
}
