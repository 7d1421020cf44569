namespace Drivers.NetworkManager.Tests.Infrastructure;

/// <summary>Waits for a stream's subscription to reach the bus.</summary>
internal static class TestBus
{
    /// <summary>
    /// Completes once <paramref name="streams"/> of the client's change streams have their match in place on the bus, so a
    /// change made after it is seen. Thirty seconds is a guard against a hang, not a timing assertion.
    /// </summary>
    public static Task ListeningAsync(NetworkManagerClient client, int streams = 1) =>
        client.StreamsListeningAsync(streams, TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
}
