using Drivers.NetworkManager.Tests.Infrastructure;

namespace Drivers.NetworkManager.Tests.Security;

/// <summary>Issue 13, item 1: a failed attempt with a new password leaves the saved profile exactly as it was.</summary>
public sealed class SavedProfileTests(BusFixture bus) : IClassFixture<BusFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_mistyped_password_on_a_saved_profile_leaves_the_saved_password_working()
    {
        await using var world = await SimulatedWorld.StartAsync(bus);
        var saved = await world.Client.ConnectToWifiAsync("HomeWPA2", "correct horse", cancellationToken: Token);
        await world.Client.DisconnectAsync("wlan0", Token);

        await Assert.ThrowsAsync<WrongPasswordException>(() => world.Client.ConnectToWifiAsync("HomeWPA2", "correct hrose", cancellationToken: Token));

        var again = await world.Client.ActivateConnectionAsync(saved.Uuid, cancellationToken: Token);
        Assert.True(again.IsActive);
        Assert.Equal(saved.Path, again.Path);
        Assert.Single(await world.Client.GetSavedConnectionsAsync(Token), s => s.Id == "HomeWPA2");
    }

    [Fact]
    public async Task A_new_password_that_works_replaces_the_saved_one()
    {
        await using var world = await SimulatedWorld.StartAsync(bus, sampleNetworks: true);
        world.Simulator.AddWifiProfile("HomeWPA2", "stale password");

        var profile = await world.Client.ConnectToWifiAsync("HomeWPA2", "correct horse", cancellationToken: Token);
        await world.Client.DisconnectAsync("wlan0", Token);

        var again = await world.Client.ActivateConnectionAsync(profile.Uuid, cancellationToken: Token);
        Assert.True(again.IsActive);
    }
}
