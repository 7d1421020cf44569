using Drivers.NetworkManager.Changes;
using Drivers.NetworkManager.Connections;
using Drivers.NetworkManager.Devices;
using Drivers.NetworkManager.Tests.Infrastructure;

namespace Drivers.NetworkManager.Tests.Real;

/// <summary>Activation and deactivation of an Ethernet profile on veth0, their state streams and their failures, against Debian's NetworkManager.</summary>
[Collection(RealNetworkManagerTests.Name)]
public sealed class RealActivationTests(RealNetworkManager nm) : IAsyncLifetime
{
    private const string Veth = RealNetworkManager.Interface;
    private static CancellationToken Token => TestContext.Current.CancellationToken;
    private readonly List<string> _profiles = [];
    private NetworkManagerClient? _client;

    private NetworkManagerClient Client => _client!;

    public async ValueTask InitializeAsync() =>
        _client = await NetworkManagerClient.OpenAsync(nm.BusAddress, new NetworkManagerClientOptions { ActivationTimeout = TimeSpan.FromSeconds(30) }, Token);

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        foreach (var profile in _profiles)
        {
            // Deleting a profile also takes it down: the next test finds veth0 disconnected.
            await nm.NmcliAsync("-w", "10", "connection", "delete", "id", profile).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>An Ethernet profile on veth0 that sends nothing (no IPv4, no IPv6) and never comes up by itself.</summary>
    private async Task<string> AddProfileAsync(string name, params string[] settings)
    {
        _profiles.Add(name);
        await nm.NmcliAsync(["connection", "add", "type", "ethernet", "ifname", Veth, "con-name", name, "autoconnect", "no",
            "ipv4.method", "disabled", "ipv6.method", "disabled", .. settings]);
        return (await nm.NmcliAsync("-g", "connection.uuid", "connection", "show", "id", name)).Trim();
    }

    private static bool VethReached(List<NetworkChange> seen, DeviceState state) =>
        seen.OfType<DeviceStateChange>().Any(d => d.InterfaceName == Veth && d.NewState == state);

    [Fact]
    public async Task Activating_a_profile_streams_each_device_state_and_the_connection_activated()
    {
        await AddProfileAsync("wired-up");

        SavedConnection? up = null;
        var seen = await StreamRecorder.CollectAsync(Client,
            s => VethReached(s, DeviceState.Activated) && s.OfType<ActiveConnectionChange>().Any(a => a.State == ActiveConnectionState.Activated),
            async () => up = await Client.ActivateConnectionAsync("wired-up", cancellationToken: Token));

        Assert.True(up!.IsActive);
        var states = seen.OfType<DeviceStateChange>().Where(d => d.InterfaceName == Veth).Select(d => d.NewState).ToArray();
        Assert.Equal([DeviceState.Prepare, DeviceState.Config, DeviceState.IpConfig, DeviceState.IpCheck, DeviceState.Secondaries, DeviceState.Activated], states);
        Assert.Equal([ActiveConnectionState.Activating, ActiveConnectionState.Activated], seen.OfType<ActiveConnectionChange>().Select(a => a.State));
        Assert.Equal("100 (connected)", (await nm.NmcliAsync("-g", "GENERAL.STATE", "device", "show", Veth)).Trim());
        var device = Assert.Single(await Client.GetDevicesAsync(Token), d => d.InterfaceName == Veth);
        Assert.Equal("wired-up", device.ActiveConnectionId);
        Assert.True(Assert.Single(await Client.GetSavedConnectionsAsync(Token), s => s.Id == "wired-up").IsActive);
    }

    [Fact]
    public async Task Deactivating_streams_deactivating_then_deactivated_by_the_user()
    {
        var uuid = await AddProfileAsync("wired-down");
        await Client.ActivateConnectionAsync(uuid, cancellationToken: Token);

        var seen = await StreamRecorder.CollectAsync(Client,
            s => VethReached(s, DeviceState.Disconnected) && s.OfType<ActiveConnectionChange>().Any(a => a.State == ActiveConnectionState.Deactivated),
            () => Client.DeactivateConnectionAsync("wired-down", Token));

        // NetworkManager 1.42 gives the active connection no reason of its own (0, then 3): the device's reason says why.
        Assert.Equal(
            [(ActiveConnectionState.Deactivating, ActiveConnectionStateReason.Unknown), (ActiveConnectionState.Deactivated, ActiveConnectionStateReason.DeviceDisconnected)],
            seen.OfType<ActiveConnectionChange>().Select(a => (a.State, a.Reason)));
        var device = seen.OfType<DeviceStateChange>().Where(d => d.InterfaceName == Veth).ToArray();
        Assert.Equal([DeviceState.Deactivating, DeviceState.Disconnected], device.Select(d => d.NewState));
        Assert.All(device, d => Assert.Equal(DeviceStateReason.UserRequested, d.Reason));
        Assert.Equal("30 (disconnected)", (await nm.NmcliAsync("-g", "GENERAL.STATE", "device", "show", Veth)).Trim());
        await Assert.ThrowsAsync<NetworkNotFoundException>(() => Client.DeactivateConnectionAsync("wired-down", Token));
    }

    [Fact]
    public async Task Disconnecting_the_device_takes_the_profile_down()
    {
        await AddProfileAsync("wired-disconnect");
        await Client.ActivateConnectionAsync("wired-disconnect", Veth, Token);

        var seen = await StreamRecorder.CollectAsync(Client, s => VethReached(s, DeviceState.Disconnected), () => Client.DisconnectAsync(Veth, Token));

        Assert.Equal(DeviceStateReason.UserRequested, seen.OfType<DeviceStateChange>().Last().Reason);
        Assert.False(Assert.Single(await Client.GetSavedConnectionsAsync(Token), s => s.Id == "wired-disconnect").IsActive);
        var error = await Assert.ThrowsAsync<NetworkManagerErrorException>(() => Client.DisconnectAsync(Veth, Token));
        Assert.Equal("org.freedesktop.NetworkManager.Device.NotActive", error.ErrorName);
    }

    [Fact]
    public async Task A_profile_whose_address_never_comes_fails_with_the_reason_NetworkManager_gives()
    {
        // DHCP with no server in the namespace, given up after one second, and IPv4 required.
        await AddProfileAsync("wired-no-dhcp", "ipv4.method", "auto", "ipv4.dhcp-timeout", "1", "ipv4.may-fail", "no");

        ActivationFailedException? failure = null;
        var seen = await StreamRecorder.CollectAsync(Client,
            s => VethReached(s, DeviceState.Failed),
            async () => failure = await Assert.ThrowsAsync<ActivationFailedException>(() => Client.ActivateConnectionAsync("wired-no-dhcp", cancellationToken: Token)));

        var failed = seen.OfType<DeviceStateChange>().Single(d => d.InterfaceName == Veth && d.NewState == DeviceState.Failed);
        Assert.Equal(failed.Reason, failure!.Reason);
        Assert.Equal("wired-no-dhcp", failure.ConnectionId);
        Assert.Equal(DeviceStateReason.IpConfigUnavailable, failure.Reason);
    }

    [Fact]
    public async Task A_profile_for_another_interface_is_refused_with_NetworkManager_s_error_name()
    {
        _profiles.Add("wired-elsewhere");
        await nm.NmcliAsync("connection", "add", "type", "ethernet", "ifname", "eth7", "con-name", "wired-elsewhere", "autoconnect", "no",
            "ipv4.method", "disabled", "ipv6.method", "disabled");

        var error = await Assert.ThrowsAsync<NetworkManagerErrorException>(() => Client.ActivateConnectionAsync("wired-elsewhere", Veth, Token));

        Assert.Equal("org.freedesktop.NetworkManager.UnknownConnection", error.ErrorName);
        Assert.Contains("mismatching interface name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_profile_deleted_with_nmcli_during_its_activation_fails_the_activation_as_removed()
    {
        // DHCP waits thirty seconds for a server that is not there: time enough for nmcli to delete the profile.
        await AddProfileAsync("wired-deleted", "ipv4.method", "auto", "ipv4.dhcp-timeout", "30", "ipv4.may-fail", "no");

        Task<SavedConnection>? activation = null;
        await StreamRecorder.CollectAsync(Client,
            s => VethReached(s, DeviceState.IpConfig),
            () =>
            {
                activation = Client.ActivateConnectionAsync("wired-deleted", cancellationToken: Token);
                return Task.CompletedTask;
            });
        await nm.NmcliAsync("connection", "delete", "id", "wired-deleted");
        _profiles.Remove("wired-deleted");

        var failure = await Assert.ThrowsAsync<ActivationFailedException>(() => activation!.WaitAsync(TimeSpan.FromSeconds(30), Token));
        Assert.Equal(DeviceStateReason.ConnectionRemoved, failure.Reason);
        Assert.DoesNotContain(await Client.GetSavedConnectionsAsync(Token), s => s.Id == "wired-deleted");
    }

    [Fact]
    public async Task A_profile_renamed_with_nmcli_while_active_is_still_found_by_its_UUID()
    {
        var uuid = await AddProfileAsync("wired-renamed");
        await Client.ActivateConnectionAsync(uuid, cancellationToken: Token);

        await nm.NmcliAsync("connection", "modify", "uuid", uuid, "connection.id", "wired-new-name");
        _profiles[_profiles.IndexOf("wired-renamed")] = "wired-new-name";

        var saved = Assert.Single(await Client.GetSavedConnectionsAsync(Token), s => s.Uuid == uuid);
        Assert.Equal("wired-new-name", saved.Id);
        Assert.True(saved.IsActive);
        await Client.DeactivateConnectionAsync(uuid, Token);
        Assert.False(Assert.Single(await Client.GetSavedConnectionsAsync(Token), s => s.Uuid == uuid).IsActive);
    }

    [Fact]
    public async Task An_active_profile_deleted_with_nmcli_streams_its_connection_removed()
    {
        await AddProfileAsync("wired-gone");
        await Client.ActivateConnectionAsync("wired-gone", cancellationToken: Token);

        var seen = await StreamRecorder.CollectAsync(Client,
            s => s.OfType<ActiveConnectionChange>().Any(a => a.State == ActiveConnectionState.Deactivated) && VethReached(s, DeviceState.Disconnected),
            async () =>
            {
                await nm.NmcliAsync("connection", "delete", "id", "wired-gone");
                _profiles.Remove("wired-gone");
            });

        Assert.Equal(ActiveConnectionStateReason.DeviceDisconnected, seen.OfType<ActiveConnectionChange>().Last().Reason);
        Assert.Equal(DeviceStateReason.ConnectionRemoved, seen.OfType<DeviceStateChange>().Last(d => d.InterfaceName == Veth).Reason);
        Assert.DoesNotContain(await Client.GetSavedConnectionsAsync(Token), s => s.Id == "wired-gone");
    }
}
