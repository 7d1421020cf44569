using Drivers.NetworkManager.Protocol;
using Drivers.NetworkManager.Radios;
using Drivers.NetworkManager.Simulation;
using Drivers.NetworkManager.Tests.Infrastructure;
using Drivers.Testing;

namespace Drivers.NetworkManager.Tests.Simulation;

/// <summary>
/// NetworkManager restarting in the middle of an activation (issue 13 item 3): the new one numbers its objects anew, so
/// the old paths name other profiles and devices. The client must neither delete nor rewrite them.
/// </summary>
public sealed class RestartDuringActivationTests(BusFixture bus) : IClassFixture<BusFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>How many profiles the NetworkManager after the restart holds, so the old paths all name one of them.</summary>
    private const int OtherProfiles = 30;

    [Fact]
    public async Task A_restart_while_a_new_profile_activates_deletes_none_of_the_profiles_the_new_NetworkManager_holds()
    {
        await using var client = await NetworkManagerClient.OpenAsync(bus.Address, new NetworkManagerClientOptions { ActivationTimeout = TimeSpan.FromSeconds(30) }, Token);

        var outcome = await RestartDuringConnectAsync(client, "HomeWPA2", "wrong horse", savedBefore: false);

        Assert.IsType<ActivationFailedException>(outcome);
    }

    [Fact]
    public async Task A_restart_while_a_new_password_is_on_trial_rewrites_none_of_the_profiles_the_new_NetworkManager_holds()
    {
        await using var client = await NetworkManagerClient.OpenAsync(bus.Address, new NetworkManagerClientOptions { ActivationTimeout = TimeSpan.FromSeconds(30) }, Token);

        var outcome = await RestartDuringConnectAsync(client, "HomeWPA2", "wrong horse", savedBefore: true);

        Assert.IsType<ActivationFailedException>(outcome);
    }

    /// <summary>Issue 13's reliability figure: 100 restarts during activations, every outcome a typed one, no profile lost.</summary>
    [Fact]
    public async Task The_client_goes_through_100_restarts_during_activations_without_an_escaping_exception_or_a_lost_profile()
    {
        await using var client = await NetworkManagerClient.OpenAsync(bus.Address, new NetworkManagerClientOptions { ActivationTimeout = TimeSpan.FromSeconds(30) }, Token);
        var failures = 0;
        for (var i = 0; i < 100; i++)
        {
            var outcome = await RestartDuringConnectAsync(client, "HomeWPA2", i % 2 == 0 ? "wrong horse" : "correct horse", savedBefore: i % 3 == 0);
            failures += outcome is ActivationFailedException ? 1 : 0;
        }

        Assert.Equal(100, failures);
    }

    /// <summary>
    /// Starts a connect on a simulator whose activation stalls at its first step, replaces the simulator by one holding
    /// <see cref="OtherProfiles"/> other profiles, and returns what the connect threw. Asserts that every one of those
    /// profiles is still there, unchanged.
    /// </summary>
    private async Task<Exception?> RestartDuringConnectAsync(NetworkManagerClient client, string ssid, string password, bool savedBefore)
    {
        var clock = new TimerWatchingTimeProvider();
        var first = await SimulatedNetworkManager.StartAsync(bus.Address, new SimulatedNetworkManagerOptions { StepDelay = TimeSpan.FromHours(1), TimeProvider = clock }, Token);
        first.AddSampleNetworks();
        if (savedBefore)
        {
            first.AddWifiProfile(ssid, "correct horse");
        }
        var connect = client.ConnectToWifiAsync(ssid, password, cancellationToken: Token);
        await clock.FirstTimer.WaitAsync(TimeSpan.FromSeconds(30), Token); // the activation has started and waits on its first step

        using (var name = await NameOwnerWatch.StartAsync(bus.Address, NmNames.Service, Token))
        {
            await first.DisposeAsync();
            await name.ReleasedAsync(Token);
        }
        await using var second = await SimulatedNetworkManager.StartAsync(bus.Address, new SimulatedNetworkManagerOptions { StepDelay = TimeSpan.Zero }, Token);
        for (var i = 0; i < OtherProfiles; i++)
        {
            second.AddWifiProfile($"Other {i}", $"password {i}");
        }
        second.AddSampleNetworks();
        await using var watcher = await NetworkManagerClient.OpenAsync(bus.Address, cancellationToken: Token);
        var before = await watcher.GetSavedConnectionsAsync(Token);
        // The new NetworkManager announces its devices' states, as the real one does when it starts.
        second.SetHardwareSwitch(Radio.Wifi, false);
        second.SetHardwareSwitch(Radio.Wifi, true);

        Exception? outcome = null;
        try
        {
            await connect.WaitAsync(TimeSpan.FromSeconds(30), Token);
        }
        catch (NetworkManagerException e)
        {
            outcome = e;
        }

        var after = await watcher.GetSavedConnectionsAsync(Token);
        // Rewritten (Update2 with the old settings) or deleted through a stale path, a profile would change here.
        Assert.Equal(before.Select(p => (p.Path, p.Id, p.Uuid)), after.Select(p => (p.Path, p.Id, p.Uuid)));
        return outcome;
    }
}
