using Drivers.NetworkManager.Simulation;
using Drivers.NetworkManager.Tests.Infrastructure;
using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Tests.Security;

/// <summary>
/// Issue 13, item 2: any peer on the system bus may emit a signal with NetworkManager's object paths (what
/// <c>dbus-send --type=signal</c> does). The client listens to NetworkManager's sender only (D-Bus specification,
/// "Match Rules": <c>sender</c>) and reads the state back before it reports success or deletes a profile.
/// </summary>
public sealed class ForgedSignalTests(BusFixture bus) : IClassFixture<BusFixture>
{
    private const string ActiveInterface = "org.freedesktop.NetworkManager.Connection.Active";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_forged_activated_signal_does_not_make_a_wrong_password_succeed()
    {
        // Each activation step takes 100 ms, so the forged signal arrives long before NetworkManager's own verdict.
        await using var simulator = await SimulatedNetworkManager.StartAsync(bus.Address, new SimulatedNetworkManagerOptions { StepDelay = TimeSpan.FromMilliseconds(100) }, Token);
        simulator.AddSampleNetworks();
        await using var client = await NetworkManagerClient.OpenAsync(bus.Address, null, Token);
        using var forger = await ForgerAsync();
        var activating = await ActivatingConnectionAsync(forger);

        var connect = client.ConnectToWifiAsync("HomeWPA2", "wrong horse", cancellationToken: Token);
        var path = await activating.WaitAsync(Token);
        Emit(forger, path, ActiveInterface, "StateChanged", 2, 0); // NM_ACTIVE_CONNECTION_STATE_ACTIVATED

        await Assert.ThrowsAsync<WrongPasswordException>(() => connect);
        Assert.DoesNotContain(await client.GetSavedConnectionsAsync(Token), s => s.Id == "HomeWPA2");
    }

    [Fact]
    public async Task A_forged_failure_signal_does_not_delete_the_profile_just_created()
    {
        await using var simulator = await SimulatedNetworkManager.StartAsync(bus.Address, new SimulatedNetworkManagerOptions { StepDelay = TimeSpan.FromMilliseconds(100) }, Token);
        simulator.AddSampleNetworks();
        await using var client = await NetworkManagerClient.OpenAsync(bus.Address, null, Token);
        using var forger = await ForgerAsync();
        var activating = await ActivatingConnectionAsync(forger);

        var connect = client.ConnectToWifiAsync("HomeWPA2", "correct horse", cancellationToken: Token);
        var path = await activating.WaitAsync(Token);
        Emit(forger, path, ActiveInterface, "StateChanged", 4, 9); // DEACTIVATED, NO_SECRETS

        var profile = await connect;
        Assert.True(profile.IsActive);
        Assert.Contains(await client.GetSavedConnectionsAsync(Token), s => s.Id == "HomeWPA2" && s.IsActive);
    }

    private async Task<DBusConnection> ForgerAsync()
    {
        var forger = new DBusConnection(bus.Address);
        await forger.ConnectAsync();
        return forger;
    }

    /// <summary>The path of the next activation, from NetworkManager's ActivatingConnection property.</summary>
    private static async Task<Task<string>> ActivatingConnectionAsync(DBusConnection connection)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var rule = new MatchRule
        {
            Type = MessageType.Signal,
            Path = "/org/freedesktop/NetworkManager",
            Interface = "org.freedesktop.DBus.Properties",
            Member = "PropertiesChanged",
        };
        await connection.AddMatchAsync(
            rule,
            static (message, _) =>
            {
                var reader = message.GetBodyReader();
                reader.ReadString();
                var changed = reader.ReadDictionaryOfStringToVariantValue();
                return changed.TryGetValue("ActivatingConnection", out var value) && value.Type == VariantValueType.ObjectPath ? value.GetObjectPathAsString() : "/";
            },
            (Notification<string> notification) =>
            {
                if (notification.HasValue && notification.Value != "/")
                {
                    found.TrySetResult(notification.Value);
                }
            },
            emitOnCapturedContext: false);
        return found.Task;
    }

    private static void Emit(DBusConnection connection, string path, string @interface, string member, uint state, uint reason)
    {
        var writer = connection.GetMessageWriter();
        try
        {
            writer.WriteSignalHeader(null, path, @interface, member, "uu");
            writer.WriteUInt32(state);
            writer.WriteUInt32(reason);
            connection.TrySendMessage(writer.CreateMessage());
        }
        finally
        {
            writer.Dispose();
        }
    }
}
