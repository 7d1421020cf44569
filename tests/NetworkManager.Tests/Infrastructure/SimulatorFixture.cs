using Drivers.NetworkManager.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace Drivers.NetworkManager.Tests.Infrastructure;

/// <summary>One private dbus-daemon per test class; each test starts its own simulator on it (and stops it).</summary>
public sealed class BusFixture : IAsyncLifetime
{
    private PrivateBus? _bus;

    public string Address => _bus?.Address ?? throw new InvalidOperationException("The bus is not started.");

    public async ValueTask InitializeAsync() => _bus = await PrivateBus.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_bus is not null)
        {
            await _bus.DisposeAsync();
        }
    }
}

/// <summary>A simulator with the sample networks and a client of it, on the class's bus.</summary>
public sealed class SimulatedWorld : IAsyncDisposable
{
    private SimulatedWorld(SimulatedNetworkManager simulator, NetworkManagerClient client, FakeTimeProvider clock)
    {
        Simulator = simulator;
        Client = client;
        Clock = clock;
    }

    public SimulatedNetworkManager Simulator { get; }

    public NetworkManagerClient Client { get; }

    /// <summary>The simulator's clock (scan throttle); activation steps take no time on it.</summary>
    public FakeTimeProvider Clock { get; }

    public static async Task<SimulatedWorld> StartAsync(BusFixture bus, bool sampleNetworks = true)
    {
        var clock = new FakeTimeProvider();
        var simulator = await SimulatedNetworkManager.StartAsync(
            bus.Address,
            new SimulatedNetworkManagerOptions { StepDelay = TimeSpan.Zero, TimeProvider = clock },
            TestContext.Current.CancellationToken);
        if (sampleNetworks)
        {
            simulator.AddSampleNetworks();
        }
        var client = await NetworkManagerClient.OpenAsync(bus.Address, new NetworkManagerClientOptions { ActivationTimeout = TimeSpan.FromSeconds(30) }, TestContext.Current.CancellationToken);
        return new SimulatedWorld(simulator, client, clock);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
