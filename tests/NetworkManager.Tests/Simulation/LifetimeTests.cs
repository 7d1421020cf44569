using Drivers.NetworkManager.Protocol;
using Drivers.NetworkManager.Simulation;
using Drivers.NetworkManager.Tests.Infrastructure;

namespace Drivers.NetworkManager.Tests.Simulation;

public sealed class LifetimeTests(BusFixture bus) : IClassFixture<BusFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Disposing_the_simulator_and_the_client_twice_is_harmless()
    {
        var simulator = await SimulatedNetworkManager.StartAsync(bus.Address, cancellationToken: Token);
        var client = await NetworkManagerClient.OpenAsync(bus.Address, cancellationToken: Token);
        using var name = await NameOwnerWatch.StartAsync(bus.Address, NmNames.Service, Token);

        await simulator.DisposeAsync();
        await simulator.DisposeAsync();
        await client.DisposeAsync();
        await client.DisposeAsync();

        await name.ReleasedAsync(Token);
    }

    [Fact]
    public async Task A_negative_step_delay_is_refused_with_its_name()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            SimulatedNetworkManager.StartAsync(bus.Address, new SimulatedNetworkManagerOptions { StepDelay = TimeSpan.FromSeconds(-1) }, Token));

        Assert.Equal(nameof(SimulatedNetworkManagerOptions.StepDelay), e.ParamName);
    }

    [Fact]
    public async Task A_stream_fails_with_no_server_when_the_bus_goes_away()
    {
        var ownBus = await PrivateBus.StartAsync(Token);
        await using var simulator = await SimulatedNetworkManager.StartAsync(ownBus.Address, cancellationToken: Token);
        await using var client = await NetworkManagerClient.OpenAsync(ownBus.Address, cancellationToken: Token);
        await using var changes = client.WatchChangesAsync(Token).GetAsyncEnumerator(Token);
        var next = changes.MoveNextAsync();
        await TestBus.ListeningAsync(client);

        await ownBus.DisposeAsync();

        var error = await Assert.ThrowsAsync<NetworkManagerErrorException>(() => next.AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token));
        Assert.Equal("org.freedesktop.DBus.Error.NoServer", error.ErrorName);
    }
}
