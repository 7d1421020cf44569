using Drivers.NetworkManager.Tests.Infrastructure;

namespace Drivers.NetworkManager.Tests.Security;

/// <summary>
/// Issue 13's reliability figure: 10,000 random property values (in replies) and signals from a peer that owns
/// NetworkManager's name. Every call ends in a value or a NetworkManagerException, the stream never throws.
/// </summary>
public sealed class HostilePeerTests(BusFixture bus) : IClassFixture<BusFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ten_thousand_random_replies_and_signals_let_no_exception_but_NetworkManager_s_escape()
    {
        using var hostile = await HostileNetworkManager.StartAsync(bus.Address, seed: 13);
        await using var client = await NetworkManagerClient.OpenAsync(bus.Address, new NetworkManagerClientOptions { ActivationTimeout = TimeSpan.FromMilliseconds(200) }, Token);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var streamed = 0;
        var stream = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in client.WatchChangesAsync(stop.Token))
                {
                    Assert.NotNull(change.Path);
                    streamed++;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The test ended it.
            }
        }, Token);
        await TestBus.ListeningAsync(client);

        var escaped = new List<Exception>();
        var typed = 0;
        Func<Task>[] calls =
        [
            () => client.GetDevicesAsync(Token),
            () => client.GetStatusAsync(Token),
            () => client.GetSavedConnectionsAsync(Token),
            () => client.GetAccessPointsAsync(cancellationToken: Token),
            () => client.GetRadiosAsync(Token),
            () => client.ActivateConnectionAsync("Home", cancellationToken: Token),
            () => client.DeactivateConnectionAsync("Home", Token),
            () => client.DisconnectAsync("wlan0", Token),
        ];
        for (var round = 0; hostile.Replies + hostile.Signals < 10_000; round++)
        {
            hostile.EmitSignals(20);
            try
            {
                await calls[round % calls.Length]().WaitAsync(TimeSpan.FromSeconds(30), Token);
            }
            catch (NetworkManagerException)
            {
                typed++;
            }
#pragma warning disable CA1031 // Anything else is the finding this test looks for.
            catch (Exception e) when (e is not TimeoutException)
#pragma warning restore CA1031
            {
                escaped.Add(e);
            }
        }
        await stop.CancelAsync();
        await stream.WaitAsync(TimeSpan.FromSeconds(30), Token);

        TestContext.Current.TestOutputHelper?.WriteLine($"hostile figure: {hostile.Replies} random replies and {hostile.Signals} random signals; {typed} calls ended in a NetworkManagerException, {streamed} changes streamed, {escaped.Count} other exceptions");
        Assert.Empty(escaped.Select(e => $"{e.GetType().Name}: {e.Message}").Distinct());
    }
}
