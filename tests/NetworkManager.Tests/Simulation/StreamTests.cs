using Drivers.NetworkManager.Changes;
using Drivers.NetworkManager.Simulation;
using Drivers.NetworkManager.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Drivers.NetworkManager.Tests.Simulation;

public sealed class StreamTests(BusFixture bus) : IClassFixture<BusFixture>
{
    private const int Capacity = 8;
    private const int Burst = 100;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reader_that_stops_reading_keeps_only_the_newest_changes_and_the_drops_are_counted_and_logged_once()
    {
        await using var simulator = await SimulatedNetworkManager.StartAsync(bus.Address, new SimulatedNetworkManagerOptions { StepDelay = TimeSpan.Zero }, Token);
        simulator.AddWifiDevice("wlan0");
        using var log = new ListLogger();
        await using var client = await NetworkManagerClient.OpenAsync(bus.Address, new NetworkManagerClientOptions { StreamCapacity = Capacity, LoggerFactory = log }, Token);
        await using var changes = client.WatchChangesAsync(Token).GetAsyncEnumerator(Token);
        var first = changes.MoveNextAsync();
        await TestBus.ListeningAsync(client); // the subscription is made on the first MoveNextAsync

        for (var i = 0; i < Burst; i++)
        {
            simulator.AddAccessPoint("wlan0", new SimulatedAccessPoint { Ssid = $"Burst {i}", Bssid = $"00:11:22:33:55:{i:x2}" });
        }
        // The simulator's reply comes after its signals, and the client queues signals in the order it receives them.
        var all = await client.GetAccessPointsAsync(cancellationToken: Token);

        Assert.True(await first);
        var kept = new List<AccessPointChange>();
        for (var i = 0; i < Capacity; i++)
        {
            Assert.True(await changes.MoveNextAsync());
            kept.Add(Assert.IsType<AccessPointChange>(changes.Current));
        }
        // One change went to the first read, the queue holds the last Capacity, the rest were dropped.
        Assert.Equal(Burst - 1 - Capacity, client.ChangesDropped);
        var newest = all.OrderBy(a => a.Bssid, StringComparer.Ordinal).TakeLast(Capacity).Select(a => a.Path);
        Assert.Equal(newest, kept.Select(k => k.AccessPointPath));
        var warning = Assert.Single(log.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal(3006, warning.EventId.Id);
        Assert.Equal(typeof(NetworkManagerClient).FullName, warning.Category);
    }

    [Fact]
    public async Task A_slow_reader_does_not_hold_back_another_reader()
    {
        await using var simulator = await SimulatedNetworkManager.StartAsync(bus.Address, new SimulatedNetworkManagerOptions { StepDelay = TimeSpan.Zero }, Token);
        simulator.AddWifiDevice("wlan0");
        await using var client = await NetworkManagerClient.OpenAsync(bus.Address, new NetworkManagerClientOptions { StreamCapacity = Capacity }, Token);
        await using var slow = client.WatchChangesAsync(Token).GetAsyncEnumerator(Token);
        var slowFirst = slow.MoveNextAsync();
        await using var fast = client.WatchChangesAsync(Token).GetAsyncEnumerator(Token);
        var fastNext = fast.MoveNextAsync();
        await TestBus.ListeningAsync(client, streams: 2);

        var seen = 0;
        for (var i = 0; i < Burst; i++)
        {
            // One change at a time, read before the next is made: the fast reader never falls behind.
            if (i > 0)
            {
                fastNext = fast.MoveNextAsync();
            }
            simulator.AddAccessPoint("wlan0", new SimulatedAccessPoint { Ssid = $"Step {i}", Bssid = $"00:11:22:33:66:{i:x2}" });
            Assert.True(await fastNext);
            Assert.IsType<AccessPointChange>(fast.Current);
            seen++;
        }

        Assert.Equal(Burst, seen);
        Assert.True(await slowFirst);
        await client.GetRadiosAsync(Token); // the slow reader's queue has taken the last signal too
        Assert.Equal(Burst - 1 - Capacity, client.ChangesDropped);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1_000_001)]
    public async Task A_stream_capacity_out_of_range_is_refused_with_its_name(int capacity)
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            NetworkManagerClient.OpenAsync(bus.Address, new NetworkManagerClientOptions { StreamCapacity = capacity }, Token));

        Assert.Equal(nameof(NetworkManagerClientOptions.StreamCapacity), e.ParamName);
    }

    [Theory]
    [InlineData(0, nameof(NetworkManagerClientOptions.ActivationTimeout))]
    [InlineData(-1, nameof(NetworkManagerClientOptions.ScanTimeout))]
    [InlineData(long.MaxValue, nameof(NetworkManagerClientOptions.ActivationTimeout))]
    [InlineData(long.MaxValue, nameof(NetworkManagerClientOptions.ScanTimeout))]
    public async Task A_timeout_no_timer_can_wait_is_refused_with_its_name(long ticks, string property)
    {
        var options = property == nameof(NetworkManagerClientOptions.ScanTimeout)
            ? new NetworkManagerClientOptions { ScanTimeout = TimeSpan.FromTicks(ticks) }
            : new NetworkManagerClientOptions { ActivationTimeout = TimeSpan.FromTicks(ticks) };

        var e = await Assert.ThrowsAsync<ArgumentException>(() => NetworkManagerClient.OpenAsync(bus.Address, options, Token));

        Assert.Equal(property, e.ParamName);
    }
}
