using System.Runtime.CompilerServices;
using System.Text;
using Drivers.NetworkManager.Changes;
using Drivers.NetworkManager.Connections;
using Drivers.NetworkManager.Devices;
using Drivers.NetworkManager.Protocol;
using Drivers.NetworkManager.Proxies;
using Drivers.NetworkManager.Radios;
using Drivers.NetworkManager.Transport;
using Drivers.NetworkManager.Wifi;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager;

/// <summary>
/// A client of NetworkManager over D-Bus: devices, Wi-Fi, saved profiles, radios and the modem.
/// Calls go to NetworkManager's well-known name, so a restarted NetworkManager is followed without reconnecting.
/// </summary>
/// <example><code>
/// await using var nm = await NetworkManagerClient.OpenAsync();
/// foreach (var ap in await nm.GetAccessPointsAsync()) Console.WriteLine($"{ap.SsidText} {ap.StrengthPercent}% {ap.SecurityText}");
/// await nm.ConnectToWifiAsync("HomeWPA2", "correct horse");
/// </code></example>
public sealed class NetworkManagerClient : IAsyncDisposable
{
    private readonly DBusConnection _connection;
    private readonly NmBus _bus;
    private readonly ManagerProxy _manager;
    private readonly SettingsProxy _settings;
    private readonly NetworkManagerClientOptions _options;
    private readonly ILogger _logger;
    private long _changesDropped;
    private int _streamsListening;
    private TaskCompletionSource _streamStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NetworkManagerClient(DBusConnection connection, string address, NetworkManagerClientOptions options)
    {
        _connection = connection;
        _bus = new NmBus(connection);
        _manager = new ManagerProxy(_bus);
        _settings = new SettingsProxy(_bus);
        _options = options;
        _logger = options.LoggerFactory?.CreateLogger<NetworkManagerClient>() ?? NullLogger<NetworkManagerClient>.Instance;
        BusAddress = address;
    }

    /// <summary>The address of the bus this client talks on.</summary>
    public string BusAddress { get; }

    /// <summary>
    /// Changes dropped because a <see cref="WatchChangesAsync"/> reader fell more than
    /// <see cref="NetworkManagerClientOptions.StreamCapacity"/> changes behind, over all readers since the client was opened.
    /// </summary>
    public long ChangesDropped => Interlocked.Read(ref _changesDropped);

    /// <summary>
    /// Opens a client of NetworkManager on the system bus (honoring <c>DBUS_SYSTEM_BUS_ADDRESS</c>) or on
    /// <paramref name="busAddress"/>, and completes when the bus has accepted it.
    /// </summary>
    /// <param name="busAddress">A D-Bus address such as <c>unix:path=/run/dbus/system_bus_socket</c>; null or empty for the system bus.</param>
    /// <param name="options">Timeouts, clock, logging and stream capacity; the defaults when null.</param>
    /// <param name="cancellationToken">Cancels the wait for the bus.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="NetworkManagerErrorException">The bus cannot be reached (<c>org.freedesktop.DBus.Error.NoServer</c>).</exception>
    public static async Task<NetworkManagerClient> OpenAsync(string? busAddress = null, NetworkManagerClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NetworkManagerClientOptions();
        options.Validate();
        var address = string.IsNullOrEmpty(busAddress) ? DBusAddress.System ?? "unix:path=/var/run/dbus/system_bus_socket" : busAddress;
        var connection = new DBusConnection(address);
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DBusConnectFailedException or DBusConnectionClosedException or ArgumentException or IOException)
        {
            connection.Dispose();
            throw new NetworkManagerErrorException(NmNames.NoServerError, $"The D-Bus at '{address}' cannot be reached: {e.Message}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        var client = new NetworkManagerClient(connection, address, options);
        Log.Opened(client._logger, address, connection.UniqueName);
        return client;
    }

    /// <summary>True when NetworkManager owns its name on the bus now (it is running).</summary>
    public async Task<bool> IsRunningAsync(CancellationToken cancellationToken = default)
    {
        var names = await _connection.ListServicesAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return names.Contains(NmNames.Service, StringComparer.Ordinal);
    }

    /// <summary>The devices NetworkManager manages (GetDevices).</summary>
    public async Task<IReadOnlyList<NetworkDevice>> GetDevicesAsync(CancellationToken cancellationToken = default)
    {
        var records = await ReadDevicesAsync(cancellationToken).ConfigureAwait(false);
        return records.Select(r => r.Device).ToArray();
    }

    /// <summary>
    /// What a status bar shows, in three pipelined round trips: NetworkManager's state and primary connection (the one
    /// holding the default route: PrimaryConnection), its name and device, the Wi-Fi network's SSID and strength (the
    /// active connection's SpecificObject), and the modem's state.
    /// </summary>
    public async Task<NetworkStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var manager = await _manager.GetPropertiesAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var primary = manager.Path("PrimaryConnection");
        var devicePaths = manager.Paths("Devices");
        var activeTask = primary == NmNames.NoObject
            ? Task.FromResult(new Dictionary<string, VariantValue>())
            : new ActiveConnectionProxy(_bus, primary).GetPropertiesAsync();
        var devicesTask = Task.WhenAll(devicePaths.Select(p => new DeviceProxy(_bus, p).GetPropertiesAsync()));
        await Task.WhenAll(activeTask, devicesTask).WaitAsync(cancellationToken).ConfigureAwait(false);
        var active = await activeTask.ConfigureAwait(false);
        var devices = await devicesTask.ConfigureAwait(false);

        var modem = devices.FirstOrDefault(d => (DeviceType)d.UInt32("DeviceType") == DeviceType.Modem);
        var status = new NetworkStatus
        {
            State = (NetworkManagerState)manager.UInt32("State"),
            ModemState = modem is null ? null : (DeviceState)modem.UInt32("State"),
        };
        if (active.Count == 0)
        {
            return status; // nothing is up, or the connection went down between the two reads
        }
        var deviceIndex = Array.IndexOf(devicePaths, active.Paths("Devices").FirstOrDefault());
        var device = deviceIndex >= 0 ? devices[deviceIndex] : null;
        var type = device is null ? (DeviceType?)null : (DeviceType)device.UInt32("DeviceType");
        string? ssid = null;
        byte? strength = null;
        if (type == DeviceType.Wifi && active.Path("SpecificObject") is var accessPoint && accessPoint != NmNames.NoObject)
        {
            var properties = await new AccessPointProxy(_bus, accessPoint).GetPropertiesAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            if (properties.Count > 0)
            {
                ssid = SsidText.Display(properties.Bytes("Ssid"));
                strength = properties.Byte("Strength");
            }
        }
        return new NetworkStatus
        {
            State = status.State,
            ModemState = status.ModemState,
            ConnectionId = active.String("Id"),
            InterfaceName = device?.String("Interface"),
            DeviceType = type,
            Ssid = ssid,
            StrengthPercent = strength,
        };
    }

    /// <summary>The access points seen by every Wi-Fi device, or by <paramref name="interfaceName"/>'s, strongest first.</summary>
    /// <exception cref="NetworkNotFoundException">No such Wi-Fi device.</exception>
    public async Task<IReadOnlyList<AccessPoint>> GetAccessPointsAsync(string? interfaceName = null, CancellationToken cancellationToken = default)
    {
        var devices = await FindWifiDevicesAsync(interfaceName, cancellationToken).ConfigureAwait(false);
        var saved = await ReadSavedAsync(cancellationToken).ConfigureAwait(false);
        var savedSsids = saved.Where(s => s.Settings.Type == NmNames.WirelessSetting).Select(s => Convert.ToBase64String(s.Settings.Ssid)).ToHashSet(StringComparer.Ordinal);
        var lists = await Task.WhenAll(devices.Select(d => ReadAccessPointsAsync(d, savedSsids))).WaitAsync(cancellationToken).ConfigureAwait(false);
        return lists.SelectMany(l => l)
            .OrderByDescending(ap => ap.StrengthPercent)
            .ThenBy(ap => ap.FrequencyMhz)
            .ToArray();
    }

    /// <summary>
    /// Asks Wi-Fi devices to scan (RequestScan) and waits for the results when the device reports them (LastScan).
    /// Returns false when NetworkManager throttled the request (it scanned moments ago): that is not an error.
    /// </summary>
    public async Task<bool> RescanAsync(string? interfaceName = null, CancellationToken cancellationToken = default)
    {
        var devices = await FindWifiDevicesAsync(interfaceName, cancellationToken).ConfigureAwait(false);
        var requested = false;
        await using var signals = await SignalSubscription.StartAsync(_connection, _options.StreamCapacity, IsLastScan, _logger).ConfigureAwait(false);
        var waiting = new List<string>();
        foreach (var device in devices)
        {
            var wireless = new WirelessProxy(_bus, device.Device.Path);
            var hasLastScan = (await wireless.GetPropertiesAsync().ConfigureAwait(false)).ContainsKey("LastScan");
            try
            {
                await wireless.RequestScanAsync().ConfigureAwait(false);
                requested = true;
                if (hasLastScan)
                {
                    waiting.Add(device.Device.Path);
                }
            }
            catch (NetworkManagerErrorException e) when (e.ErrorName == NmNames.ScanNotAllowedError)
            {
                Log.ScanThrottled(_logger, device.Device.InterfaceName);
            }
        }
        if (waiting.Count > 0)
        {
            using var timeout = new CancellationTokenSource(_options.ScanTimeout, _options.TimeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            try
            {
                await foreach (var signal in signals.ReadAllAsync(linked.Token).ConfigureAwait(false))
                {
                    if (waiting.Remove(signal.Path) && waiting.Count == 0)
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The results are late; the caller lists what there is.
            }
        }
        return requested;
    }

    /// <summary>
    /// Joins a Wi-Fi network: reuses a saved profile with this SSID (updating its password when one is given),
    /// otherwise creates one with AddAndActivateConnection. Completes when the device is connected.
    /// </summary>
    /// <param name="ssid">The network's name (its UTF-8 bytes are matched).</param>
    /// <param name="password">The password, or null for an open network or a saved profile.</param>
    /// <param name="options">The interface to use and whether the network is hidden.</param>
    /// <param name="cancellationToken">Cancels the wait (the activation itself goes on in NetworkManager).</param>
    /// <returns>The profile that was activated.</returns>
    /// <exception cref="NetworkNotFoundException">No Wi-Fi device, or no network with that SSID in range.</exception>
    /// <exception cref="WrongPasswordException">The password was wrong or missing; a profile this call created is deleted again.</exception>
    /// <exception cref="ActivationFailedException">The connection failed for another reason or timed out.</exception>
    /// <exception cref="NetworkManagerErrorException">NetworkManager refused the request.</exception>
    public async Task<SavedConnection> ConnectToWifiAsync(string ssid, string? password = null, WifiConnectOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ssid);
        options ??= new WifiConnectOptions();
        var ssidBytes = Encoding.UTF8.GetBytes(ssid);
        var device = (await FindWifiDevicesAsync(options.InterfaceName, cancellationToken).ConfigureAwait(false))[0];

        var specificObject = NmNames.NoObject;
        var security = WifiSecurity.Open;
        if (!options.Hidden)
        {
            var accessPoints = await ReadAccessPointsAsync(device, []).ConfigureAwait(false);
            var best = accessPoints.Where(ap => ap.Ssid.Span.SequenceEqual(ssidBytes)).MaxBy(ap => ap.StrengthPercent)
                ?? throw new NetworkNotFoundException($"No Wi-Fi network named '{ssid}' is in range of {device.Device.InterfaceName}; rescan, or join it as a hidden network.");
            specificObject = best.Path;
            security = best.Security;
        }

        var saved = (await ReadSavedAsync(cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(s => s.Settings.Type == NmNames.WirelessSetting && s.Settings.Ssid.AsSpan().SequenceEqual(ssidBytes));
        // Enterprise networks need an 802-1x setting (identity, EAP method) that a password alone cannot give:
        // NetworkManager refuses such a profile with its own error (Settings.Connection.MissingSetting).
        if (saved is null && password is null && SecurityClassifier.NeedsSecret(security) && !security.HasFlag(WifiSecurity.Enterprise))
        {
            throw new WrongPasswordException(ssid, DeviceStateReason.NoSecrets, passwordGiven: false);
        }

        await using var signals = await SignalSubscription.StartAsync(_connection, _options.StreamCapacity, IsStateChange, _logger).ConfigureAwait(false);
        string activePath;
        string profilePath;
        string uuid;
        var created = false;
        PasswordTrial? trial = null;
        if (saved is not null)
        {
            if (password is not null)
            {
                trial = await TryPasswordAsync(saved, security, password).ConfigureAwait(false);
            }
            Log.Activating(_logger, saved.Settings.Id, device.Device.InterfaceName, password is null ? "saved profile" : "saved profile, new password");
            profilePath = saved.Proxy.Path;
            uuid = saved.Settings.Uuid;
            activePath = await _manager.ActivateConnectionAsync(profilePath, device.Device.Path, specificObject).ConfigureAwait(false);
        }
        else
        {
            var keyManagement = options.Hidden
                ? (password is null ? null : "wpa-psk")
                : SecurityClassifier.NeedsSecret(security) ? SecurityClassifier.KeyManagement(security) : null;
            var settings = ConnectionSettings.ForWifi(ssidBytes, ssid, keyManagement, password, options.Hidden);
            uuid = settings.Uuid;
            Log.Activating(_logger, ssid, device.Device.InterfaceName, "new profile");
            (profilePath, activePath) = await _manager.AddAndActivateConnectionAsync(settings, device.Device.Path, specificObject).ConfigureAwait(false);
            created = true;
        }

        ActivationOutcome outcome;
        DeviceStateReason reason;
        try
        {
            (outcome, reason) = await WaitForActivationAsync(signals, new ActivationTarget(device.Device.InterfaceName, uuid, device.Device.Path, activePath), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (trial is not null)
            {
                await trial.RestoreAsync().ConfigureAwait(false);
            }
            throw;
        }
        Log.ActivationEnded(_logger, ssid, device.Device.InterfaceName, outcome.ToString(), reason);
        if (trial is not null)
        {
            await (outcome == ActivationOutcome.Activated ? trial.KeepAsync() : trial.RestoreAsync()).ConfigureAwait(false);
        }
        if (outcome != ActivationOutcome.Activated)
        {
            if (created)
            {
                // A profile holding a wrong password must not be left behind: the next attempt would reuse it.
                await TryDeleteAsync(profilePath, uuid, ssid).ConfigureAwait(false);
            }
            throw outcome == ActivationOutcome.WrongPassword
                ? new WrongPasswordException(ssid, reason, password is not null || saved is not null)
                : new ActivationFailedException(ssid, reason);
        }
        // By UUID, not by path: a NetworkManager restarted meanwhile numbers its profiles anew.
        var proxy = await FindByUuidAsync(profilePath, uuid).ConfigureAwait(false) ?? new ConnectionProxy(_bus, profilePath);
        return ToSaved(proxy.Path, await proxy.GetSettingsAsync().ConfigureAwait(false), isActive: true);
    }

    /// <summary>Disconnects a device (Device.Disconnect, which also stops it reconnecting by itself).</summary>
    /// <exception cref="NetworkNotFoundException">No such device.</exception>
    /// <exception cref="NetworkManagerErrorException">It is not connected (<c>...Device.NotActive</c>) or NetworkManager refused.</exception>
    public async Task DisconnectAsync(string interfaceName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        var device = await FindDeviceAsync(null, interfaceName, cancellationToken).ConfigureAwait(false);
        try
        {
            await new DeviceProxy(_bus, device.Device.Path).DisconnectAsync().ConfigureAwait(false);
        }
        catch (NetworkManagerErrorException e) when (e.ErrorName == NmNames.UnknownMethodError)
        {
            // NetworkManager before 0.9.8 (and python-dbusmock) has no Device.Disconnect: deactivate what runs on it.
            var active = device.Properties.Path("ActiveConnection");
            if (active == NmNames.NoObject)
            {
                throw new NetworkManagerErrorException(NmNames.DeviceNotActiveError, $"{interfaceName} is not connected.", e);
            }
            await _manager.DeactivateConnectionAsync(active).ConfigureAwait(false);
        }
    }

    /// <summary>The saved connection profiles (ListConnections, GetSettings); secrets are not read.</summary>
    public async Task<IReadOnlyList<SavedConnection>> GetSavedConnectionsAsync(CancellationToken cancellationToken = default)
    {
        var saved = await ReadSavedAsync(cancellationToken).ConfigureAwait(false);
        var active = await ReadActiveProfilePathsAsync().ConfigureAwait(false);
        return saved.Select(s => ToSaved(s.Proxy.Path, s.Settings, active.Contains(s.Proxy.Path))).ToArray();
    }

    /// <summary>Activates a saved profile by name or UUID (ActivateConnection) and waits until it is up.</summary>
    /// <exception cref="NetworkNotFoundException">No such profile, or no device it fits.</exception>
    /// <exception cref="WrongPasswordException">Its saved password was refused.</exception>
    /// <exception cref="ActivationFailedException">It failed to come up.</exception>
    public async Task<SavedConnection> ActivateConnectionAsync(string idOrUuid, string? interfaceName = null, CancellationToken cancellationToken = default)
    {
        var saved = await FindSavedAsync(idOrUuid, cancellationToken).ConfigureAwait(false);
        var device = await FindDeviceForAsync(saved, interfaceName, cancellationToken).ConfigureAwait(false);
        return await ActivateAsync(saved, device, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes an active profile down (DeactivateConnection).</summary>
    /// <exception cref="NetworkNotFoundException">No such profile, or it is not active.</exception>
    public async Task DeactivateConnectionAsync(string idOrUuid, CancellationToken cancellationToken = default)
    {
        var saved = await FindSavedAsync(idOrUuid, cancellationToken).ConfigureAwait(false);
        var actives = await ReadActiveConnectionsAsync().ConfigureAwait(false);
        var active = actives.FirstOrDefault(a => a.Properties.Path("Connection") == saved.Proxy.Path || a.Properties.String("Uuid") == saved.Settings.Uuid)
            ?? throw new NetworkNotFoundException($"The profile '{saved.Settings.Id}' is not active.");
        await _manager.DeactivateConnectionAsync(active.Path).ConfigureAwait(false);
    }

    /// <summary>Deletes a saved profile by name or UUID (Connection.Delete).</summary>
    /// <exception cref="NetworkNotFoundException">No such profile.</exception>
    public async Task DeleteConnectionAsync(string idOrUuid, CancellationToken cancellationToken = default)
    {
        var saved = await FindSavedAsync(idOrUuid, cancellationToken).ConfigureAwait(false);
        await saved.Proxy.DeleteAsync().ConfigureAwait(false);
    }

    /// <summary>The radio switches, software and hardware (WirelessEnabled, WirelessHardwareEnabled, WwanEnabled, WwanHardwareEnabled).</summary>
    public async Task<RadioState> GetRadiosAsync(CancellationToken cancellationToken = default)
    {
        var properties = await _manager.GetPropertiesAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return new RadioState(
            properties.Bool("WirelessEnabled"),
            properties.Bool("WirelessHardwareEnabled", fallback: true),
            properties.Bool("WwanEnabled"),
            properties.Bool("WwanHardwareEnabled", fallback: true));
    }

    /// <summary>Switches a radio on or off in software (WirelessEnabled, WwanEnabled); the hardware switch cannot be changed.</summary>
    public Task SetRadioAsync(Radio radio, bool enabled, CancellationToken cancellationToken = default) =>
        _manager.SetPropertyAsync(radio == Radio.Wifi ? "WirelessEnabled" : "WwanEnabled", enabled).WaitAsync(cancellationToken);

    /// <summary>
    /// Brings the modem up with its saved mobile-broadband profile (the modem's AvailableConnections, else any gsm/cdma
    /// profile), switching the WWAN radio on first when it is off. Completes when it is connected.
    /// </summary>
    /// <exception cref="NetworkNotFoundException">No modem, or no mobile-broadband profile.</exception>
    /// <exception cref="ActivationFailedException">It failed to come up (e.g. SIM PIN needed, registration denied).</exception>
    public async Task<SavedConnection> ConnectModemAsync(string? interfaceName = null, CancellationToken cancellationToken = default)
    {
        var device = await FindDeviceAsync(DeviceType.Modem, interfaceName, cancellationToken).ConfigureAwait(false);
        var radios = await GetRadiosAsync(cancellationToken).ConfigureAwait(false);
        if (!radios.WwanEnabled)
        {
            await SetRadioAsync(Radio.Wwan, true, cancellationToken).ConfigureAwait(false);
        }
        var saved = await ReadSavedAsync(cancellationToken).ConfigureAwait(false);
        var available = device.Properties.Paths("AvailableConnections");
        var profile = saved.FirstOrDefault(s => available.Contains(s.Proxy.Path))
            ?? saved.FirstOrDefault(s => s.Settings.Type is "gsm" or "cdma")
            ?? throw new NetworkNotFoundException($"There is no mobile-broadband profile for {device.Device.InterfaceName}; create one (nmcli connection add type gsm apn APN).");
        return await ActivateAsync(profile, device, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes the modem down (Device.Disconnect on it).</summary>
    /// <exception cref="NetworkNotFoundException">No modem.</exception>
    public async Task DisconnectModemAsync(string? interfaceName = null, CancellationToken cancellationToken = default)
    {
        var device = await FindDeviceAsync(DeviceType.Modem, interfaceName, cancellationToken).ConfigureAwait(false);
        await DisconnectAsync(device.Device.InterfaceName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Completes once at least <paramref name="count"/> change streams have their subscription in place on the bus, so a
    /// test can cause a change knowing it will be seen (a subscription takes several round trips, none of them visible).
    /// </summary>
    internal async Task StreamsListeningAsync(int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            var started = Volatile.Read(ref _streamStarted).Task; // read before the count: a start in between completes it
            if (Volatile.Read(ref _streamsListening) >= count)
            {
                return;
            }
            await started.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Streams changes as NetworkManager reports them (as <c>nmcli monitor</c> shows them): device states, access points
    /// found and lost, active connection states and radio switches, until canceled. A restarted NetworkManager keeps the
    /// stream going.
    /// </summary>
    /// <remarks>
    /// Each enumeration is a subscriber of its own from its first <c>MoveNextAsync</c>, with a queue of
    /// <see cref="NetworkManagerClientOptions.StreamCapacity"/> changes. The bus is never made to wait: when the queue is
    /// full the oldest change is dropped, counted in <see cref="ChangesDropped"/> and logged (a warning, once per burst),
    /// and the reader carries on with newer ones. Your loop body runs on the thread pool, not on the D-Bus receive loop.
    /// The stream ends when you end it or dispose the client; a restart of NetworkManager does not end it: it yields a
    /// <see cref="ServiceChange"/> when NetworkManager leaves and another when it is back.
    /// </remarks>
    /// <exception cref="NetworkManagerErrorException">The bus went away (<c>org.freedesktop.DBus.Error.NoServer</c>).</exception>
    public async IAsyncEnumerable<NetworkChange> WatchChangesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var signals = await SignalSubscription.StartAsync(
            _connection, _options.StreamCapacity, static s => ToChanges(s).Any(), _logger, () => Interlocked.Increment(ref _changesDropped)).ConfigureAwait(false);
        Interlocked.Increment(ref _streamsListening);
        Interlocked.Exchange(ref _streamStarted, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        try
        {
            await foreach (var signal in signals.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var change in ToChanges(signal))
                {
                    if (change is DeviceStateChange { InterfaceName: "" } unnamed)
                    {
                        // Read each time rather than cache: a restarted NetworkManager may give the path to another device.
                        string name;
                        try
                        {
                            name = (await new DeviceProxy(_bus, unnamed.Path).GetPropertiesAsync().ConfigureAwait(false)).String("Interface");
                        }
                        catch (NetworkManagerErrorException)
                        {
                            name = ""; // NetworkManager went away between the signal and the read
                        }
                        yield return new DeviceStateChange(unnamed.Path, name, unnamed.NewState, unnamed.OldState, unnamed.Reason);
                    }
                    else
                    {
                        yield return change;
                    }
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _streamsListening);
        }
    }

    /// <summary>Closes the D-Bus connection.</summary>
    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    internal static IEnumerable<NetworkChange> ToChanges(NmSignal signal)
    {
        switch (signal.Interface, signal.Member)
        {
            case (NmNames.DeviceInterface, "StateChanged") when signal.Numbers.Length == 3:
                yield return new DeviceStateChange(signal.Path, "", (DeviceState)signal.Numbers[0], (DeviceState)signal.Numbers[1], (DeviceStateReason)signal.Numbers[2]);
                break;
            case (NmNames.WirelessInterface, "AccessPointAdded" or "AccessPointRemoved") when signal.ObjectPath is not null:
                yield return new AccessPointChange(signal.Path, signal.ObjectPath, signal.Member == "AccessPointAdded");
                break;
            case (NmNames.ActiveInterface, "StateChanged") when signal.Numbers.Length == 2:
                yield return new ActiveConnectionChange(signal.Path, (ActiveConnectionState)signal.Numbers[0], (ActiveConnectionStateReason)signal.Numbers[1]);
                break;
            case ("org.freedesktop.DBus", SignalSubscription.OwnerChangedMember):
                yield return new ServiceChange(signal.Path, running: !string.IsNullOrEmpty(signal.ChangedInterface));
                break;
            case (NmNames.PropertiesInterface, "PropertiesChanged") when signal.ChangedInterface == NmNames.ManagerInterface && signal.Changed is { } changed:
                foreach (var (name, radio, hardware) in RadioProperties)
                {
                    if (changed.TryGetValue(name, out var value) && value.Type == VariantValueType.Bool)
                    {
                        yield return new RadioChange(signal.Path, radio, hardware, value.GetBool());
                    }
                }
                break;
        }
    }

    private static bool IsLastScan(NmSignal signal) =>
        signal.Member == "PropertiesChanged" && signal.Changed is { } changed && changed.ContainsKey("LastScan");

    private static bool IsStateChange(NmSignal signal) =>
        (signal.Member == "StateChanged" && signal.Interface is NmNames.DeviceInterface or NmNames.ActiveInterface)
        || signal.Member == SignalSubscription.OwnerChangedMember;

    private static readonly (string Name, Radio Radio, bool Hardware)[] RadioProperties =
    [
        ("WirelessEnabled", Radio.Wifi, false),
        ("WirelessHardwareEnabled", Radio.Wifi, true),
        ("WwanEnabled", Radio.Wwan, false),
        ("WwanHardwareEnabled", Radio.Wwan, true),
    ];

    private async Task<SavedConnection> ActivateAsync(SavedProfile saved, DeviceRecord device, CancellationToken cancellationToken)
    {
        await using var signals = await SignalSubscription.StartAsync(_connection, _options.StreamCapacity, IsStateChange, _logger).ConfigureAwait(false);
        Log.Activating(_logger, saved.Settings.Id, device.Device.InterfaceName, "saved profile");
        var active = await _manager.ActivateConnectionAsync(saved.Proxy.Path, device.Device.Path, NmNames.NoObject).ConfigureAwait(false);
        var (outcome, reason) = await WaitForActivationAsync(signals, new ActivationTarget(device.Device.InterfaceName, saved.Settings.Uuid, device.Device.Path, active), cancellationToken).ConfigureAwait(false);
        Log.ActivationEnded(_logger, saved.Settings.Id, device.Device.InterfaceName, outcome.ToString(), reason);
        return outcome switch
        {
            ActivationOutcome.Activated => ToSaved(saved.Proxy.Path, saved.Settings, isActive: true),
            ActivationOutcome.WrongPassword => throw new WrongPasswordException(saved.Settings.Id, reason, passwordGiven: true),
            _ => throw new ActivationFailedException(saved.Settings.Id, reason),
        };
    }

    /// <summary>What an activation waits on: the device and profile by name and UUID, and the paths they have now.</summary>
    private sealed class ActivationTarget(string interfaceName, string uuid, string devicePath, string activePath)
    {
        public string InterfaceName { get; } = interfaceName;

        public string Uuid { get; } = uuid;

        public string DevicePath { get; set; } = devicePath;

        public string ActivePath { get; set; } = activePath;

        /// <summary>NetworkManager restarted: the paths may name other objects until found again by name and UUID.</summary>
        public bool Stale { get; set; }
    }

    /// <summary>
    /// Waits for the device or the active connection to reach ACTIVATED or to fail; the subscription was made before the
    /// call. When NetworkManager restarts meanwhile, its object paths are numbered anew and the old ones may name another
    /// device or profile: nothing is read or acted on through them until the device is found again by its interface name
    /// and the active connection by the profile's UUID.
    /// </summary>
    private async Task<(ActivationOutcome Outcome, DeviceStateReason Reason)> WaitForActivationAsync(SignalSubscription signals, ActivationTarget target, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ActivationTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        // NetworkManager gives the active connection's end only reason 3 (device disconnected): the device's reason says why.
        var deviceReason = DeviceStateReason.Unknown;
        try
        {
            await foreach (var signal in signals.ReadAllAsync(linked.Token).ConfigureAwait(false))
            {
                if (signal.Member == SignalSubscription.OwnerChangedMember)
                {
                    target.Stale = true;
                    Log.NetworkManagerRestarted(_logger, target.InterfaceName);
                }
                if (target.Stale)
                {
                    var found = await ResolveAsync(target).ConfigureAwait(false);
                    if (found is not null)
                    {
                        return found.Value;
                    }
                    continue;
                }
                if (signal.Path == target.DevicePath && signal.Interface == NmNames.DeviceInterface && signal.Member == "StateChanged" && signal.Numbers.Length == 3)
                {
                    if (signal.Numbers[2] != (uint)DeviceStateReason.None)
                    {
                        deviceReason = (DeviceStateReason)signal.Numbers[2];
                    }
                    var outcome = ActivationRules.FromDevice(signal.Numbers[0], signal.Numbers[2]);
                    if (outcome != ActivationOutcome.Pending && await ConfirmAsync(outcome, target.DevicePath, target.ActivePath).ConfigureAwait(false))
                    {
                        return (outcome, (DeviceStateReason)signal.Numbers[2]);
                    }
                }
                else if (signal.Path == target.ActivePath && signal.Interface == NmNames.ActiveInterface && signal.Member == "StateChanged" && signal.Numbers.Length == 2)
                {
                    var outcome = ActivationRules.FromActiveConnection(signal.Numbers[0], signal.Numbers[1]);
                    if (outcome != ActivationOutcome.Pending && await ConfirmAsync(outcome, target.DevicePath, target.ActivePath).ConfigureAwait(false))
                    {
                        var reason = outcome == ActivationOutcome.WrongPassword ? DeviceStateReason.NoSecrets : deviceReason;
                        return (outcome, reason);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (ActivationOutcome.Failed, DeviceStateReason.SupplicantTimeout);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return (ActivationOutcome.Failed, DeviceStateReason.Unknown);
    }

    /// <summary>
    /// After a restart: finds the device by interface name and, on it, the active connection of the profile's UUID. Up
    /// already: activated. Still coming up: the wait goes on with the new paths. Not there once NetworkManager has
    /// started (Startup false) and the device has settled: the activation was lost with the old NetworkManager.
    /// </summary>
    private async Task<(ActivationOutcome, DeviceStateReason)?> ResolveAsync(ActivationTarget target)
    {
        try
        {
            var manager = await _manager.GetPropertiesAsync().ConfigureAwait(false);
            foreach (var path in manager.Paths("Devices"))
            {
                var device = await new DeviceProxy(_bus, path).GetPropertiesAsync().ConfigureAwait(false);
                if (device.String("Interface") != target.InterfaceName)
                {
                    continue;
                }
                var activePath = device.Path("ActiveConnection");
                var active = activePath == NmNames.NoObject ? [] : await new ActiveConnectionProxy(_bus, activePath).GetPropertiesAsync().ConfigureAwait(false);
                if (active.Count > 0 && active.String("Uuid") == target.Uuid)
                {
                    target.DevicePath = path;
                    target.ActivePath = activePath;
                    target.Stale = false;
                    return active.UInt32("State") == 2 ? (ActivationOutcome.Activated, DeviceStateReason.None) : null;
                }
                var state = (DeviceState)device.UInt32("State");
                var settled = state is <= DeviceState.Disconnected or DeviceState.Failed || active.Count > 0;
                return settled && !manager.Bool("Startup") ? (ActivationOutcome.Failed, DeviceStateReason.Unknown) : null;
            }
        }
        catch (NetworkManagerErrorException)
        {
            // Gone again, or not yet back: the next signal tries again.
        }
        return null;
    }

    /// <summary>
    /// Puts a new password into a saved profile for one attempt: in memory only (Update2 flag 0x2, NetworkManager 1.12+),
    /// the old settings and secrets kept (GetSettings, GetSecrets) to put back when the attempt fails, so a typo never
    /// destroys a working saved password.
    /// </summary>
    private async Task<PasswordTrial> TryPasswordAsync(SavedProfile saved, WifiSecurity security, string password)
    {
        var old = new ConnectionSettings();
        foreach (var (name, section) in saved.Settings)
        {
            old[name] = new Dictionary<string, VariantValue>(section, StringComparer.Ordinal);
        }
        if (saved.Settings.ContainsKey(NmNames.WirelessSecuritySetting))
        {
            var secrets = await saved.Proxy.GetSecretsAsync(NmNames.WirelessSecuritySetting).ConfigureAwait(false);
            if (secrets.TryGetValue(NmNames.WirelessSecuritySetting, out var secretSection))
            {
                foreach (var (key, value) in secretSection)
                {
                    old.Section(NmNames.WirelessSecuritySetting)[key] = value;
                }
            }
        }
        var settings = saved.Settings;
        var securitySection = settings.Section(NmNames.WirelessSecuritySetting);
        if (!securitySection.ContainsKey("key-mgmt"))
        {
            securitySection["key-mgmt"] = SecurityClassifier.KeyManagement(security);
        }
        securitySection[securitySection.String("key-mgmt") == "none" ? "wep-key0" : "psk"] = password;
        var inMemory = true;
        try
        {
            await saved.Proxy.Update2Async(settings, Update2InMemory).ConfigureAwait(false);
        }
        catch (NetworkManagerErrorException e) when (e.ErrorName == NmNames.UnknownMethodError)
        {
            inMemory = false; // before NetworkManager 1.12: Update writes to disk, and failure writes the old settings back
            await saved.Proxy.UpdateAsync(settings).ConfigureAwait(false);
        }
        return new PasswordTrial(old, inMemory, () => FindByUuidAsync(saved.Proxy.Path, saved.Settings.Uuid));
    }

    // Settings.Connection.Update2 flags (NetworkManager D-Bus API, NMSettingsUpdate2Flags).
    private const uint Update2ToDisk = 0x1;
    private const uint Update2InMemory = 0x2;

    /// <summary>A password on trial; the profile is found by UUID each time (a restarted NetworkManager renumbers paths).</summary>
    private sealed class PasswordTrial(ConnectionSettings old, bool inMemory, Func<Task<ConnectionProxy?>> locate)
    {
        /// <summary>The attempt worked: the new password goes to disk.</summary>
        public async Task KeepAsync()
        {
            if (inMemory && await locate().ConfigureAwait(false) is { } proxy)
            {
                await proxy.SaveAsync().ConfigureAwait(false);
            }
        }

        /// <summary>The attempt failed: the old settings and secrets go back, on disk as they were.</summary>
        public async Task RestoreAsync()
        {
            try
            {
                if (await locate().ConfigureAwait(false) is not { } proxy)
                {
                    return; // deleted meanwhile: nothing to put back, and no other profile is touched
                }
                if (inMemory)
                {
                    await proxy.Update2Async(old, Update2ToDisk).ConfigureAwait(false);
                }
                else
                {
                    await proxy.UpdateAsync(old).ConfigureAwait(false);
                }
            }
            catch (NetworkManagerErrorException)
            {
                // The profile is gone or NetworkManager went away: there is nothing left to put back.
            }
        }
    }

    /// <summary>
    /// Reads the state back before a signal's verdict is acted on (a success reported, a profile deleted): the active
    /// connection must be ACTIVATED (NMActiveConnectionState 2) for a success, and gone or deactivating (3, 4) or no longer
    /// on the device for a failure. A verdict the state does not bear out is ignored and the wait goes on.
    /// </summary>
    private async Task<bool> ConfirmAsync(ActivationOutcome outcome, string devicePath, string activePath)
    {
        Dictionary<string, VariantValue> active;
        Dictionary<string, VariantValue> device;
        try
        {
            var activeTask = new ActiveConnectionProxy(_bus, activePath).GetPropertiesAsync();
            var deviceTask = new DeviceProxy(_bus, devicePath).GetPropertiesAsync();
            active = await activeTask.ConfigureAwait(false);
            device = await deviceTask.ConfigureAwait(false);
        }
        catch (NetworkManagerErrorException)
        {
            return outcome != ActivationOutcome.Activated; // NetworkManager went away: nothing is up
        }
        var activeGone = active.Count == 0 || !active.ContainsKey("State");
        var activeState = activeGone ? 4u : active.UInt32("State");
        var onDevice = device.Path("ActiveConnection") == activePath;
        return outcome == ActivationOutcome.Activated
            ? !activeGone && activeState == 2 && (onDevice || !device.ContainsKey("ActiveConnection"))
            : activeGone || activeState >= 3 || (device.ContainsKey("ActiveConnection") && !onDevice);
    }

    /// <summary>
    /// Deletes the profile this call created, found by its UUID: after a NetworkManager restart its old path may name
    /// another profile, which must never be deleted.
    /// </summary>
    private async Task TryDeleteAsync(string profilePath, string uuid, string id)
    {
        try
        {
            var proxy = await FindByUuidAsync(profilePath, uuid).ConfigureAwait(false);
            if (proxy is null)
            {
                return; // gone already (NetworkManager may drop an unsaved failed profile itself)
            }
            await proxy.DeleteAsync().ConfigureAwait(false);
            Log.DeletedFailedProfile(_logger, id);
        }
        catch (NetworkManagerErrorException)
        {
            // Already gone, or NetworkManager went away.
        }
    }

    /// <summary>The profile with <paramref name="uuid"/>: at <paramref name="path"/> when it is still there, else wherever it is now; null when gone.</summary>
    private async Task<ConnectionProxy?> FindByUuidAsync(string path, string uuid)
    {
        var proxy = new ConnectionProxy(_bus, path);
        try
        {
            if ((await proxy.GetSettingsAsync().ConfigureAwait(false)).Uuid == uuid)
            {
                return proxy;
            }
        }
        catch (NetworkManagerErrorException)
        {
            // Not at that path any more.
        }
        var saved = await ReadSavedAsync(CancellationToken.None).ConfigureAwait(false);
        return saved.FirstOrDefault(p => p.Settings.Uuid == uuid)?.Proxy;
    }

    private const string GenericInterface = "org.freedesktop.NetworkManager.Device.Generic";

    private sealed record DeviceRecord(NetworkDevice Device, Dictionary<string, VariantValue> Properties);

    private sealed record SavedProfile(ConnectionProxy Proxy, ConnectionSettings Settings);

    private sealed record ActiveRecord(string Path, Dictionary<string, VariantValue> Properties);

    private async Task<DeviceRecord[]> ReadDevicesAsync(CancellationToken cancellationToken)
    {
        var paths = await _manager.GetDevicesAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return await Task.WhenAll(paths.Select(ReadDeviceAsync)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<DeviceRecord> ReadDeviceAsync(string path)
    {
        var properties = await new DeviceProxy(_bus, path).GetPropertiesAsync().ConfigureAwait(false);
        var active = properties.Path("ActiveConnection");
        string? activeId = null;
        if (active != NmNames.NoObject)
        {
            var id = (await new ActiveConnectionProxy(_bus, active).GetPropertiesAsync().ConfigureAwait(false)).String("Id");
            activeId = id.Length == 0 ? null : id;
        }
        var state = properties.UInt32("State");
        var (reasonState, reason) = properties.UInt32Pair("StateReason");
        var type = (DeviceType)properties.UInt32("DeviceType");
        var typeText = type switch
        {
            // nmcli names a modem by what it does now, gsm or cdma (Device.Modem CurrentCapabilities), and a generic
            // device by the kind the daemon saw (Device.Generic TypeDescription, e.g. "ifb").
            DeviceType.Modem => DeviceTypeText.Describe(type, (await _bus.GetAllAsync(path, NmNames.ModemInterface).ConfigureAwait(false)).UInt32("CurrentCapabilities")),
            DeviceType.Generic => (await _bus.GetAllAsync(path, GenericInterface).ConfigureAwait(false)).String("TypeDescription") is { Length: > 0 } kind
                ? kind
                : DeviceTypeText.Describe(type),
            _ => DeviceTypeText.Describe(type),
        };
        var device = new NetworkDevice
        {
            Path = path,
            InterfaceName = properties.String("Interface"),
            Type = type,
            TypeText = typeText,
            State = (DeviceState)state,
            StateReason = reasonState == state ? (DeviceStateReason)reason : DeviceStateReason.None,
            Driver = properties.String("Driver"),
            HardwareAddress = properties.String("HwAddress"),
            ActiveConnectionId = activeId,
        };
        return new DeviceRecord(device, properties);
    }

    private async Task<DeviceRecord> FindDeviceAsync(DeviceType? type, string? interfaceName, CancellationToken cancellationToken)
    {
        var devices = await ReadDevicesAsync(cancellationToken).ConfigureAwait(false);
        return devices.FirstOrDefault(d => (type is null || d.Device.Type == type) && (interfaceName is null || d.Device.InterfaceName == interfaceName))
            ?? throw new NetworkNotFoundException((type, interfaceName) switch
            {
                (null, _) => $"There is no network device named '{interfaceName}'.",
                (_, null) => $"There is no {Describe(type.Value)} device.",
                _ => $"There is no {Describe(type.Value)} device named '{interfaceName}'.",
            });
    }

    private async Task<DeviceRecord[]> FindWifiDevicesAsync(string? interfaceName, CancellationToken cancellationToken)
    {
        var devices = (await ReadDevicesAsync(cancellationToken).ConfigureAwait(false))
            .Where(d => d.Device.Type == DeviceType.Wifi && (interfaceName is null || d.Device.InterfaceName == interfaceName))
            .ToArray();
        return devices.Length > 0
            ? devices
            : throw new NetworkNotFoundException(interfaceName is null ? "There is no Wi-Fi device." : $"There is no Wi-Fi device named '{interfaceName}'.");
    }

    private async Task<DeviceRecord> FindDeviceForAsync(SavedProfile saved, string? interfaceName, CancellationToken cancellationToken)
    {
        var devices = await ReadDevicesAsync(cancellationToken).ConfigureAwait(false);
        var wanted = saved.Settings.Type switch
        {
            NmNames.WirelessSetting => DeviceType.Wifi,
            "gsm" or "cdma" => DeviceType.Modem,
            "802-3-ethernet" => DeviceType.Ethernet,
            _ => (DeviceType?)null,
        };
        // NetworkManager activates Ethernet profiles on veth devices too (nmcli calls both "ethernet").
        static DeviceType Kind(DeviceType type) => type == DeviceType.Veth ? DeviceType.Ethernet : type;
        return devices.FirstOrDefault(d => (interfaceName is null || d.Device.InterfaceName == interfaceName) && d.Properties.Paths("AvailableConnections").Contains(saved.Proxy.Path))
            ?? devices.FirstOrDefault(d => (interfaceName is null || d.Device.InterfaceName == interfaceName) && (wanted is null || Kind(d.Device.Type) == wanted))
            ?? throw new NetworkNotFoundException($"No device can take the profile '{saved.Settings.Id}'{(interfaceName is null ? "" : $" on '{interfaceName}'")}.");
    }

    private async Task<AccessPoint[]> ReadAccessPointsAsync(DeviceRecord device, HashSet<string> savedSsids)
    {
        var wireless = new WirelessProxy(_bus, device.Device.Path);
        var paths = await wireless.GetAllAccessPointsAsync().ConfigureAwait(false);
        var wirelessProperties = await wireless.GetPropertiesAsync().ConfigureAwait(false);
        var activePath = wirelessProperties.Path("ActiveAccessPoint");
        var activeConnection = device.Properties.Path("ActiveConnection");
        if (!wirelessProperties.ContainsKey("ActiveAccessPoint") && activeConnection != NmNames.NoObject)
        {
            // python-dbusmock has no ActiveAccessPoint: the active connection's specific object is the access point.
            activePath = (await new ActiveConnectionProxy(_bus, activeConnection).GetPropertiesAsync().ConfigureAwait(false)).Path("SpecificObject");
        }
        var all = await Task.WhenAll(paths.Select(p => new AccessPointProxy(_bus, p).GetPropertiesAsync())).ConfigureAwait(false);
        var result = new List<AccessPoint>(paths.Length);
        for (var i = 0; i < paths.Length; i++)
        {
            var properties = all[i];
            if (properties.Count == 0)
            {
                continue; // vanished between the list and the read
            }
            var ssid = properties.Bytes("Ssid");
            var security = SecurityClassifier.Classify(properties.UInt32("Flags"), properties.UInt32("WpaFlags"), properties.UInt32("RsnFlags"));
            result.Add(new AccessPoint
            {
                Path = paths[i],
                InterfaceName = device.Device.InterfaceName,
                Ssid = ssid,
                SsidText = SsidText.Display(ssid),
                Bssid = properties.String("HwAddress"),
                StrengthPercent = properties.Byte("Strength"),
                FrequencyMhz = properties.UInt32("Frequency"),
                MaxBitrateKbps = properties.UInt32("MaxBitrate"),
                Security = security,
                SecurityText = SecurityClassifier.Describe(security),
                IsSaved = ssid.Length > 0 && savedSsids.Contains(Convert.ToBase64String(ssid)),
                IsActive = paths[i] == activePath,
            });
        }
        return [.. result];
    }

    private async Task<SavedProfile[]> ReadSavedAsync(CancellationToken cancellationToken)
    {
        var paths = await _settings.ListConnectionsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var profiles = await Task.WhenAll(paths.Select(async p =>
        {
            var proxy = new ConnectionProxy(_bus, p);
            try
            {
                return new SavedProfile(proxy, await proxy.GetSettingsAsync().ConfigureAwait(false));
            }
            catch (NetworkManagerErrorException)
            {
                return null; // deleted meanwhile, or not readable by this user
            }
        })).WaitAsync(cancellationToken).ConfigureAwait(false);
        return profiles.OfType<SavedProfile>().ToArray();
    }

    private async Task<SavedProfile> FindSavedAsync(string idOrUuid, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(idOrUuid);
        var saved = await ReadSavedAsync(cancellationToken).ConfigureAwait(false);
        return saved.FirstOrDefault(s => s.Settings.Uuid == idOrUuid) ?? saved.FirstOrDefault(s => s.Settings.Id == idOrUuid)
            ?? throw new NetworkNotFoundException($"There is no saved profile named '{idOrUuid}'.");
    }

    private async Task<ActiveRecord[]> ReadActiveConnectionsAsync()
    {
        var paths = (await _manager.GetPropertiesAsync().ConfigureAwait(false)).Paths("ActiveConnections");
        var all = await Task.WhenAll(paths.Select(p => new ActiveConnectionProxy(_bus, p).GetPropertiesAsync())).ConfigureAwait(false);
        return paths.Select((p, i) => new ActiveRecord(p, all[i])).Where(a => a.Properties.Count > 0).ToArray();
    }

    private async Task<HashSet<string>> ReadActiveProfilePathsAsync() =>
        (await ReadActiveConnectionsAsync().ConfigureAwait(false)).Select(a => a.Properties.Path("Connection")).ToHashSet(StringComparer.Ordinal);

    private static SavedConnection ToSaved(string path, ConnectionSettings settings, bool isActive) => new()
    {
        Path = path,
        Id = settings.Id,
        Uuid = settings.Uuid,
        Type = settings.Type,
        Ssid = settings.Ssid,
        IsActive = isActive,
    };

    private static string Describe(DeviceType type) => type switch
    {
        DeviceType.Wifi => "Wi-Fi",
        DeviceType.Modem => "modem",
        DeviceType.Ethernet => "Ethernet",
        _ => type.ToString(),
    };
}
