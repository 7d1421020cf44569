namespace Drivers.NetworkManager.Tests.Infrastructure;

/// <summary>Waits for a stream's subscription to reach the bus.</summary>
internal static class TestBus
{
    /// <summary>
    /// A subscription bound to NetworkManager's name takes several round trips (the owner watch, the owner, the match), each
    /// sent when the previous reply arrives; replies on one connection come in order, so more sequential round trips of our
    /// own than that leave it in place.
    /// </summary>
    public static async Task RoundTripsAsync(NetworkManagerClient client, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 8; i++)
        {
            await client.GetRadiosAsync(cancellationToken);
        }
    }
}
