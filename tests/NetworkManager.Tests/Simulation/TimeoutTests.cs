using Microsoft.Extensions.Time.Testing;
using NetworkManager.Devices;
using NetworkManager.Errors;
using NetworkManager.Simulation;
using NetworkManager.Tests.Infrastructure;

namespace NetworkManager.Tests.Simulation;

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
        var clock = new FakeTimeProvider();
        await using var client = await NetworkManagerClient.ConnectAsync(bus.Address,
            new NetworkManagerClientOptions { ActivationTimeout = TimeSpan.FromSeconds(90), TimeProvider = clock }, Token);

        var connect = client.ConnectToWifiAsync("CafeOpen", cancellationToken: Token);
        await WaitUntilActivatingAsync(client);
        Assert.False(connect.IsCompleted);
        // The client starts its timer once NetworkManager has answered; move the clock until that timer has seen it.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!connect.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(91));
            await Task.WhenAny(connect, Task.Delay(20, timeout.Token));
        }

        var error = await Assert.ThrowsAsync<ActivationFailedException>(() => connect);
        Assert.Equal(DeviceStateReason.SupplicantTimeout, error.Reason);
    }

    [Fact]
    public async Task Cancelling_a_connect_stops_the_wait()
    {
        await using var simulator = await SimulatedNetworkManager.StartAsync(bus.Address,
            new SimulatedNetworkManagerOptions { StepDelay = TimeSpan.FromHours(1), TimeProvider = new FakeTimeProvider() }, Token);
        simulator.AddSampleNetworks();
        await using var client = await NetworkManagerClient.ConnectAsync(bus.Address, cancellationToken: Token);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);

        var connect = client.ConnectToWifiAsync("CafeOpen", cancellationToken: cancel.Token);
        await WaitUntilActivatingAsync(client);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connect);
    }

    private static async Task WaitUntilActivatingAsync(NetworkManagerClient client)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while ((await client.GetDevicesAsync(Token))[0].ActiveConnectionId is null)
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
