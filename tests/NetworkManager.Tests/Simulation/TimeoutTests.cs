using Drivers.NetworkManager.Devices;
using Drivers.NetworkManager.Simulation;
using Drivers.NetworkManager.Tests.Infrastructure;
using Drivers.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Drivers.NetworkManager.Tests.Simulation;

public sealed class TimeoutTests(BusFixture bus) : IClassFixture<BusFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_activation_that_never_ends_fails_after_the_activation_timeout_on_the_injected_clock()
    {
        // The simulator's clock never moves, so its activation stays in PREPARE; the client's clock is moved by hand.
        await using var simulator = await SimulatedNetworkManager.StartAsync(bus.Address,
            new SimulatedNetworkManagerOptions { StepDelay = TimeSpan.FromHours(1), TimeProvider = new FakeTimeProvider() }, Token);
        simulator.AddSampleNetworks();
        var clock = new TimerWatchingTimeProvider();
        await using var client = await NetworkManagerClient.OpenAsync(bus.Address,
            new NetworkManagerClientOptions { ActivationTimeout = TimeSpan.FromSeconds(90), TimeProvider = clock }, Token);

        var connect = client.ConnectToWifiAsync("CafeOpen", cancellationToken: Token);
        await WaitUntilActivatingAsync(client, clock, TimeSpan.FromSeconds(90));
        Assert.False(connect.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(91));

        var error = await Assert.ThrowsAsync<ActivationFailedException>(() => connect.WaitAsync(TimeSpan.FromSeconds(30), Token));
        Assert.Equal(DeviceStateReason.SupplicantTimeout, error.Reason);
    }

    [Fact]
    public async Task Cancelling_a_connect_stops_the_wait()
    {
        await using var simulator = await SimulatedNetworkManager.StartAsync(bus.Address,
            new SimulatedNetworkManagerOptions { StepDelay = TimeSpan.FromHours(1), TimeProvider = new FakeTimeProvider() }, Token);
        simulator.AddSampleNetworks();
        // The client's clock never moves either, so only the cancellation can end its wait.
        var clock = new TimerWatchingTimeProvider();
        await using var client = await NetworkManagerClient.OpenAsync(bus.Address, new NetworkManagerClientOptions { TimeProvider = clock }, Token);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);

        var connect = client.ConnectToWifiAsync("CafeOpen", cancellationToken: cancel.Token);
        await WaitUntilActivatingAsync(client, clock, new NetworkManagerClientOptions().ActivationTimeout);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connect.WaitAsync(TimeSpan.FromSeconds(30), Token));
    }

    /// <summary>
    /// Waits until the client waits for the activation: it starts its activation timer once NetworkManager has
    /// taken the activation (and shows it on the device).
    /// </summary>
    private static async Task WaitUntilActivatingAsync(NetworkManagerClient client, TimerWatchingTimeProvider clock, TimeSpan activationTimeout)
    {
        Assert.Equal(activationTimeout, await clock.FirstTimer.WaitAsync(TimeSpan.FromSeconds(30), Token));
        Assert.NotNull((await client.GetDevicesAsync(Token))[0].ActiveConnectionId);
    }
}
