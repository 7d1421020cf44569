using System.Text;
using Drivers.NetworkManager.Connections;
using Drivers.NetworkManager.Devices;
using Drivers.NetworkManager.Protocol;
using Drivers.NetworkManager.Radios;
using Drivers.NetworkManager.Transport;
using Drivers.NetworkManager.Wifi;
using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Simulation;

/// <summary>
/// A simulated NetworkManager that exports the real D-Bus API (the parts this package and nmcli-like tools use)
/// on a bus of your choice: devices, access points, saved profiles, active connections, radio switches and their
/// signals. It behaves like NetworkManager 1.42 where it matters: activation goes through PREPARE, CONFIG,
/// NEED_AUTH, IP_CONFIG to ACTIVATED; a wrong password ends in FAILED with reason 7 (no secrets) and the active
/// connection in DEACTIVATED with reason 9; hidden networks join only with <c>hidden</c> set; rescans within
/// 10 s are refused with Device.NotAllowed; invalid settings give NetworkManager's own error names.
/// </summary>
public sealed class SimulatedNetworkManager : IAsyncDisposable
{
    private const string Manager = NmNames.ManagerInterface;
    private const string DeviceIface = NmNames.DeviceInterface;

    private readonly Lock _gate = new();
    private readonly DBusConnection _connection;
    private readonly SimulatedNetworkManagerOptions _options;
    private readonly Dictionary<string, SimObject> _objects = new(StringComparer.Ordinal);
    private readonly List<Device> _devices = [];
    private readonly Dictionary<string, Profile> _profiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Active> _actives = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly SimObject _root;
    private readonly SimObject _settings;
    private int _nextId;

    private SimulatedNetworkManager(DBusConnection connection, SimulatedNetworkManagerOptions options)
    {
        _connection = connection;
        _options = options;
        _root = Add(NmNames.RootPath);
        var manager = _root.Interface(Manager);
        manager["Devices"] = Paths([]);
        manager["AllDevices"] = Paths([]);
        manager["ActiveConnections"] = Paths([]);
        manager["PrimaryConnection"] = new ObjectPath("/");
        manager["ActivatingConnection"] = new ObjectPath("/");
        manager["NetworkingEnabled"] = true;
        manager["WirelessEnabled"] = true;
        manager["WirelessHardwareEnabled"] = true;
        manager["WwanEnabled"] = true;
        manager["WwanHardwareEnabled"] = true;
        manager["RadioFlags"] = 3u;
        manager["State"] = 20u;
        manager["Connectivity"] = 1u;
        manager["Version"] = options.Version;
        _settings = Add(NmNames.SettingsPath);
        _settings.Interface(NmNames.SettingsInterface)["Connections"] = Paths([]);
        _settings.Interface(NmNames.SettingsInterface)["Hostname"] = "simulated";
        _settings.Interface(NmNames.SettingsInterface)["CanModify"] = true;
    }

    /// <summary>The bus address it is exported on.</summary>
    public string BusAddress { get; private init; } = "";

    /// <summary>Connects to the bus at <paramref name="busAddress"/>, exports the objects and takes the name <c>org.freedesktop.NetworkManager</c>.</summary>
    public static async Task<SimulatedNetworkManager> StartAsync(string busAddress, SimulatedNetworkManagerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(busAddress);
        var connection = new DBusConnection(busAddress);
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
            var simulator = new SimulatedNetworkManager(connection, options ?? new SimulatedNetworkManagerOptions()) { BusAddress = busAddress };
            connection.AddMethodHandler(new SimMethodHandler(simulator));
            await connection.RequestNameAsync(NmNames.Service).WaitAsync(cancellationToken).ConfigureAwait(false);
            return simulator;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Adds a Wi-Fi device, e.g. <c>wlan0</c>, disconnected.</summary>
    public void AddWifiDevice(string interfaceName)
    {
        lock (_gate)
        {
            var device = AddDevice(interfaceName, DeviceType.Wifi, "iwlwifi");
            var wireless = device.Object.Interface(NmNames.WirelessInterface);
            wireless["AccessPoints"] = Paths([]);
            wireless["ActiveAccessPoint"] = new ObjectPath("/");
            wireless["LastScan"] = -1L;
            wireless["Mode"] = 2u;
            wireless["Bitrate"] = 0u;
            wireless["WirelessCapabilities"] = 0x7ffu;
            wireless["HwAddress"] = device.Object.Interface(DeviceIface)["HwAddress"];
            wireless["PermHwAddress"] = device.Object.Interface(DeviceIface)["HwAddress"];
        }
    }

    /// <summary>Adds a wired Ethernet device, e.g. <c>eth0</c>, disconnected.</summary>
    public void AddEthernetDevice(string interfaceName)
    {
        lock (_gate)
        {
            AddDevice(interfaceName, DeviceType.Ethernet, "e1000e");
        }
    }

    /// <summary>Adds an LTE modem, e.g. <c>cdc-wdm0</c>, with a saved mobile-broadband (gsm) profile for it.</summary>
    public void AddModem(string interfaceName, string profileName = "Mobile broadband", string apn = "internet")
    {
        lock (_gate)
        {
            var device = AddDevice(interfaceName, DeviceType.Modem, "cdc_mbim");
            var modem = device.Object.Interface(NmNames.ModemInterface);
            modem["ModemCapabilities"] = 12u; // GSM_UMTS | LTE
            modem["CurrentCapabilities"] = 8u;
            modem["DeviceId"] = "357000000000000";
            modem["OperatorCode"] = "23410";
            modem["Apn"] = apn;
            var settings = new ConnectionSettings();
            var connection = settings.Section("connection");
            connection["id"] = profileName;
            connection["type"] = "gsm";
            connection["uuid"] = Guid.NewGuid().ToString();
            settings.Section("gsm")["apn"] = apn;
            var profile = AddProfile(settings);
            device.Object.Interface(DeviceIface)["AvailableConnections"] = Paths([profile.Object.Path]);
            if (!Flag("WwanEnabled"))
            {
                SetDeviceState(device, DeviceState.Unavailable, DeviceStateReason.None);
            }
        }
    }

    /// <summary>Puts an access point in range of a Wi-Fi device (AccessPointAdded).</summary>
    public void AddAccessPoint(string interfaceName, SimulatedAccessPoint accessPoint)
    {
        ArgumentNullException.ThrowIfNull(accessPoint);
        lock (_gate)
        {
            var device = FindDevice(interfaceName, DeviceType.Wifi);
            var ap = new AccessPointState(Add($"{NmNames.RootPath}/AccessPoint/{++_nextId}"), accessPoint);
            var (flags, wpa, rsn) = accessPoint.ToFlags();
            var properties = ap.Object.Interface(NmNames.AccessPointInterface);
            properties["Ssid"] = VariantValue.Array(accessPoint.Hidden ? [] : Encoding.UTF8.GetBytes(accessPoint.Ssid));
            properties["HwAddress"] = accessPoint.Bssid;
            properties["Strength"] = VariantValue.Byte(accessPoint.StrengthPercent);
            properties["Frequency"] = accessPoint.FrequencyMhz;
            properties["MaxBitrate"] = accessPoint.MaxBitrateKbps;
            properties["Mode"] = 2u;
            properties["Flags"] = flags;
            properties["WpaFlags"] = wpa;
            properties["RsnFlags"] = rsn;
            properties["LastSeen"] = 0;
            device.AccessPoints.Add(ap);
            SetProperty(device.Object, NmNames.WirelessInterface, "AccessPoints", Paths(device.AccessPoints.Select(a => a.Object.Path)));
            Emit(device.Object.Path, NmNames.WirelessInterface, "AccessPointAdded", "o", (ref MessageWriter w) => w.WriteObjectPath(ap.Object.Path));
        }
    }

    /// <summary>Takes an access point out of range (AccessPointRemoved); a device connected through it drops.</summary>
    public void RemoveAccessPoint(string interfaceName, string bssid)
    {
        lock (_gate)
        {
            var device = FindDevice(interfaceName, DeviceType.Wifi);
            var ap = device.AccessPoints.FirstOrDefault(a => a.Spec.Bssid == bssid) ?? throw new ArgumentException($"No access point {bssid} on {interfaceName}.", nameof(bssid));
            if (device.Active is { } active && active.SpecificObject == ap.Object.Path)
            {
                Deactivate(active, DeviceStateReason.SupplicantDisconnect, ActiveConnectionStateReason.DeviceDisconnected);
            }
            device.AccessPoints.Remove(ap);
            _objects.Remove(ap.Object.Path);
            SetProperty(device.Object, NmNames.WirelessInterface, "AccessPoints", Paths(device.AccessPoints.Select(a => a.Object.Path)));
            Emit(device.Object.Path, NmNames.WirelessInterface, "AccessPointRemoved", "o", (ref MessageWriter w) => w.WriteObjectPath(ap.Object.Path));
        }
    }

    /// <summary>Adds a saved Wi-Fi profile named after the SSID, as if the user had joined it before.</summary>
    public void AddWifiProfile(string ssid, string? password, bool hidden = false)
    {
        lock (_gate)
        {
            AddProfile(ConnectionSettings.ForWifi(Encoding.UTF8.GetBytes(ssid), ssid, password is null ? null : "wpa-psk", password, hidden));
        }
    }

    /// <summary>Flips a hardware (rfkill) radio switch: devices of that radio become unavailable, or available again.</summary>
    public void SetHardwareSwitch(Radio radio, bool enabled)
    {
        lock (_gate)
        {
            SetProperty(_root, Manager, radio == Radio.Wifi ? "WirelessHardwareEnabled" : "WwanHardwareEnabled", enabled);
            ApplyRadio(radio);
        }
    }

    /// <summary>
    /// Fills the simulated world with a typical laptop's view: <c>wlan0</c> with an open café network, a WPA2 home
    /// network (password <c>correct horse</c>), a WPA3 one, a WPA2/WPA3 one, an enterprise one, a WEP one and a hidden one
    /// (SSID <c>Attic</c>, password <c>hidden attic</c>); a modem <c>cdc-wdm0</c> with its profile; and <c>eth0</c>.
    /// </summary>
    public void AddSampleNetworks()
    {
        AddWifiDevice("wlan0");
        AddAccessPoint("wlan0", new() { Ssid = "CafeOpen", Bssid = "00:11:22:33:44:01", StrengthPercent = 80, FrequencyMhz = 2412, MaxBitrateKbps = 54_000 });
        AddAccessPoint("wlan0", new() { Ssid = "HomeWPA2", Bssid = "00:11:22:33:44:02", StrengthPercent = 67, FrequencyMhz = 5180, Security = WifiSecurity.Wpa2, Password = "correct horse", Wps = true });
        AddAccessPoint("wlan0", new() { Ssid = "Neighbour WPA3", Bssid = "00:11:22:33:44:03", StrengthPercent = 42, FrequencyMhz = 5500, Security = WifiSecurity.Wpa3, Password = "battery staple" });
        AddAccessPoint("wlan0", new() { Ssid = "Office", Bssid = "00:11:22:33:44:04", StrengthPercent = 55, FrequencyMhz = 2437, Security = WifiSecurity.Wpa2 | WifiSecurity.Wpa3, Password = "office-pass" });
        AddAccessPoint("wlan0", new() { Ssid = "eduroam", Bssid = "00:11:22:33:44:05", StrengthPercent = 35, FrequencyMhz = 5240, Security = WifiSecurity.Wpa2 | WifiSecurity.Enterprise });
        AddAccessPoint("wlan0", new() { Ssid = "OldPrinter", Bssid = "00:11:22:33:44:06", StrengthPercent = 20, FrequencyMhz = 2462, Security = WifiSecurity.Wep, Password = "abcde" });
        AddAccessPoint("wlan0", new() { Ssid = "Attic", Bssid = "00:11:22:33:44:07", StrengthPercent = 30, FrequencyMhz = 2412, Security = WifiSecurity.Wpa2, Password = "hidden attic", Hidden = true });
        AddModem("cdc-wdm0");
        AddEthernetDevice("eth0");
    }

    /// <summary>Releases the name and leaves the bus, as a stopped NetworkManager does.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _connection.Dispose();
        _stopping.Dispose();
    }

    // ---- state ----

    private sealed class Device(SimObject obj, string interfaceName, DeviceType type)
    {
        public SimObject Object { get; } = obj;

        public string InterfaceName { get; } = interfaceName;

        public DeviceType Type { get; } = type;

        public List<AccessPointState> AccessPoints { get; } = [];

        public Active? Active { get; set; }

        public long LastScanMs { get; set; } = -1;
    }

    private sealed class AccessPointState(SimObject obj, SimulatedAccessPoint spec)
    {
        public SimObject Object { get; } = obj;

        public SimulatedAccessPoint Spec { get; } = spec;
    }

    private sealed class Profile(SimObject obj, ConnectionSettings settings)
    {
        public SimObject Object { get; } = obj;

        public ConnectionSettings Settings { get; set; } = settings;
    }

    private sealed class Active(SimObject obj, Profile profile, Device device, string specificObject)
    {
        public SimObject Object { get; } = obj;

        public Profile Profile { get; } = profile;

        public Device Device { get; } = device;

        public string SpecificObject { get; } = specificObject;

        public bool Cancelled { get; set; }
    }

    private SimObject Add(string path)
    {
        var obj = new SimObject(path);
        _objects[path] = obj;
        return obj;
    }

    private static VariantValue Paths(IEnumerable<string> paths) => VariantValue.Array(paths.Select(p => new ObjectPath(p)).ToArray());

    private bool Flag(string name) => _root.Interface(Manager)[name].GetBool();

    private Device AddDevice(string interfaceName, DeviceType type, string driver)
    {
        if (_devices.Any(d => d.InterfaceName == interfaceName))
        {
            throw new ArgumentException($"There is already a device named {interfaceName}.", nameof(interfaceName));
        }
        var id = ++_nextId;
        var device = new Device(Add($"{NmNames.RootPath}/Devices/{id}"), interfaceName, type);
        var properties = device.Object.Interface(DeviceIface);
        properties["Interface"] = interfaceName;
        properties["IpInterface"] = "";
        properties["Driver"] = driver;
        properties["DeviceType"] = (uint)type;
        properties["State"] = (uint)DeviceState.Disconnected;
        properties["StateReason"] = VariantValue.Struct(VariantValue.UInt32((uint)DeviceState.Disconnected), VariantValue.UInt32(0));
        properties["ActiveConnection"] = new ObjectPath("/");
        properties["AvailableConnections"] = Paths([]);
        properties["Managed"] = true;
        properties["Autoconnect"] = true;
        properties["Real"] = true;
        properties["HwAddress"] = $"02:00:00:00:00:{id:x2}";
        _devices.Add(device);
        var paths = Paths(_devices.Select(d => d.Object.Path));
        SetProperty(_root, Manager, "Devices", paths);
        SetProperty(_root, Manager, "AllDevices", paths);
        Emit(NmNames.RootPath, Manager, "DeviceAdded", "o", (ref MessageWriter w) => w.WriteObjectPath(device.Object.Path));
        if (type == DeviceType.Wifi && (!Flag("WirelessEnabled") || !Flag("WirelessHardwareEnabled")))
        {
            SetDeviceState(device, DeviceState.Unavailable, DeviceStateReason.None);
        }
        return device;
    }

    private Device FindDevice(string interfaceName, DeviceType type) =>
        _devices.FirstOrDefault(d => d.InterfaceName == interfaceName && d.Type == type)
        ?? throw new ArgumentException($"There is no {type} device named {interfaceName}.", nameof(interfaceName));

    private Profile AddProfile(ConnectionSettings settings)
    {
        var profile = new Profile(Add($"{NmNames.SettingsPath}/{++_nextId}"), settings);
        profile.Object.Interface(NmNames.ConnectionInterface)["Unsaved"] = false;
        profile.Object.Interface(NmNames.ConnectionInterface)["Flags"] = 0u;
        profile.Object.Interface(NmNames.ConnectionInterface)["Filename"] = $"/etc/NetworkManager/system-connections/{settings.Id}.nmconnection";
        _profiles[profile.Object.Path] = profile;
        SetProperty(_settings, NmNames.SettingsInterface, "Connections", Paths(_profiles.Keys));
        Emit(NmNames.SettingsPath, NmNames.SettingsInterface, "NewConnection", "o", (ref MessageWriter w) => w.WriteObjectPath(profile.Object.Path));
        return profile;
    }

    private void RemoveProfile(Profile profile)
    {
        _profiles.Remove(profile.Object.Path);
        Emit(profile.Object.Path, NmNames.ConnectionInterface, "Removed", null, null);
        _objects.Remove(profile.Object.Path);
        SetProperty(_settings, NmNames.SettingsInterface, "Connections", Paths(_profiles.Keys));
        Emit(NmNames.SettingsPath, NmNames.SettingsInterface, "ConnectionRemoved", "o", (ref MessageWriter w) => w.WriteObjectPath(profile.Object.Path));
    }

    // ---- signals ----

    private delegate void BodyWriter(ref MessageWriter writer);

    private void Emit(string path, string @interface, string member, string? signature, BodyWriter? body)
    {
        var writer = _connection.GetMessageWriter();
        try
        {
            writer.WriteSignalHeader(null, path, @interface, member, signature);
            body?.Invoke(ref writer);
            _connection.TrySendMessage(writer.CreateMessage());
        }
        finally
        {
            writer.Dispose();
        }
    }

    private void SetProperty(SimObject obj, string @interface, string name, VariantValue value)
    {
        obj.Interface(@interface)[name] = value;
        Emit(obj.Path, NmNames.PropertiesInterface, "PropertiesChanged", "sa{sv}as", (ref MessageWriter w) =>
        {
            w.WriteString(@interface);
            w.WriteDictionary(new Dictionary<string, VariantValue> { [name] = value });
            w.WriteArray(Array.Empty<string>());
        });
    }

    private void SetDeviceState(Device device, DeviceState state, DeviceStateReason reason)
    {
        var properties = device.Object.Interface(DeviceIface);
        var old = properties["State"].GetUInt32();
        if (old == (uint)state)
        {
            return;
        }
        properties["StateReason"] = VariantValue.Struct(VariantValue.UInt32((uint)state), VariantValue.UInt32((uint)reason));
        SetProperty(device.Object, DeviceIface, "State", (uint)state);
        Emit(device.Object.Path, DeviceIface, "StateChanged", "uuu", (ref MessageWriter w) =>
        {
            w.WriteUInt32((uint)state);
            w.WriteUInt32(old);
            w.WriteUInt32((uint)reason);
        });
    }

    private void SetActiveState(Active active, ActiveConnectionState state, ActiveConnectionStateReason reason)
    {
        SetProperty(active.Object, NmNames.ActiveInterface, "State", (uint)state);
        Emit(active.Object.Path, NmNames.ActiveInterface, "StateChanged", "uu", (ref MessageWriter w) =>
        {
            w.WriteUInt32((uint)state);
            w.WriteUInt32((uint)reason);
        });
    }

    private void UpdateGlobalState()
    {
        var up = _actives.Values.Where(a => a.Object.Interface(NmNames.ActiveInterface)["State"].GetUInt32() == 2).ToArray();
        SetProperty(_root, Manager, "ActiveConnections", Paths(_actives.Keys));
        SetProperty(_root, Manager, "PrimaryConnection", new ObjectPath(up.FirstOrDefault()?.Object.Path ?? "/"));
        var state = up.Length > 0 ? 70u : 20u;
        if (_root.Interface(Manager)["State"].GetUInt32() != state)
        {
            SetProperty(_root, Manager, "State", state);
            Emit(NmNames.RootPath, Manager, "StateChanged", "u", (ref MessageWriter w) => w.WriteUInt32(state));
        }
    }

    // ---- calls ----

    internal void Handle(MethodContext context)
    {
        var request = context.Request;
        var path = request.PathAsString ?? "";
        var @interface = request.InterfaceAsString ?? "";
        var member = request.MemberAsString ?? "";
        lock (_gate)
        {
            if (context.IsDBusIntrospectRequest)
            {
                var prefix = path.TrimEnd('/') + "/";
                var children = _objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
                    .Select(k => k[prefix.Length..].Split('/')[0]).Distinct().ToArray();
                context.ReplyIntrospectXml([], children);
                return;
            }
            if (!_objects.TryGetValue(path, out var obj))
            {
                context.ReplyError("org.freedesktop.DBus.Error.UnknownObject", $"No such object path '{path}'");
                return;
            }
            try
            {
                if (@interface == NmNames.PropertiesInterface)
                {
                    HandleProperties(context, obj, member);
                    return;
                }
                switch (@interface, member)
                {
                    case (Manager, "GetDevices" or "GetAllDevices"):
                        ReplyPaths(context, _devices.Select(d => d.Object.Path));
                        return;
                    case (Manager, "ActivateConnection"):
                        HandleActivate(context);
                        return;
                    case (Manager, "AddAndActivateConnection"):
                        HandleAddAndActivate(context);
                        return;
                    case (Manager, "DeactivateConnection"):
                        HandleDeactivate(context);
                        return;
                    case (NmNames.SettingsInterface, "ListConnections"):
                        ReplyPaths(context, _profiles.Keys);
                        return;
                    case (NmNames.SettingsInterface, "AddConnection"):
                        {
                            var reader = request.GetBodyReader();
                            var settings = ConnectionSettings.Read(ref reader);
                            var error = Validate(settings);
                            if (error is not null)
                            {
                                context.ReplyError(error.Value.Name, error.Value.Message);
                                return;
                            }
                            ReplyPath(context, AddProfile(settings).Object.Path);
                            return;
                        }
                    case (NmNames.ConnectionInterface, _) when _profiles.TryGetValue(path, out var profile):
                        HandleProfile(context, profile, member);
                        return;
                    case (DeviceIface, "Disconnect"):
                        {
                            var device = _devices.First(d => d.Object.Path == path);
                            if (device.Active is null)
                            {
                                context.ReplyError(NmNames.DeviceNotActiveError, "This device is not active");
                                return;
                            }
                            Deactivate(device.Active, DeviceStateReason.UserRequested, ActiveConnectionStateReason.UserDisconnected);
                            ReplyEmpty(context);
                            return;
                        }
                    case (NmNames.WirelessInterface, "GetAccessPoints" or "GetAllAccessPoints"):
                        {
                            var device = _devices.First(d => d.Object.Path == path);
                            ReplyPaths(context, device.AccessPoints
                                .Where(a => member == "GetAllAccessPoints" || !a.Spec.Hidden)
                                .Select(a => a.Object.Path));
                            return;
                        }
                    case (NmNames.WirelessInterface, "RequestScan"):
                        HandleScan(context, _devices.First(d => d.Object.Path == path));
                        return;
                    default:
                        context.ReplyError(NmNames.UnknownMethodError, $"No such method '{member}' in interface '{@interface}' at object path '{path}'");
                        return;
                }
            }
            catch (Exception e) when (e is DBusReadException or DBusUnexpectedValueException or InvalidOperationException or ArgumentException)
            {
                context.ReplyError(NmNames.InvalidArgsError, $"Invalid arguments for {member}: {e.Message}");
            }
        }
    }

    private void HandleProperties(MethodContext context, SimObject obj, string member)
    {
        var reader = context.Request.GetBodyReader();
        var @interface = reader.ReadString();
        switch (member)
        {
            case "GetAll":
                {
                    obj.Interfaces.TryGetValue(@interface, out var properties);
                    using var writer = context.CreateReplyWriter("a{sv}");
                    writer.WriteDictionary(properties ?? []);
                    context.Reply(writer.CreateMessage());
                    return;
                }
            case "Get":
                {
                    var name = reader.ReadString();
                    if (!obj.Interfaces.TryGetValue(@interface, out var properties) || !properties.TryGetValue(name, out var value))
                    {
                        context.ReplyError(NmNames.InvalidArgsError, $"No such property '{name}'");
                        return;
                    }
                    using var writer = context.CreateReplyWriter("v");
                    writer.WriteVariant(value);
                    context.Reply(writer.CreateMessage());
                    return;
                }
            case "Set":
                {
                    var name = reader.ReadString();
                    var value = reader.ReadVariantValue();
                    switch (@interface, name)
                    {
                        case (Manager, "WirelessEnabled" or "WwanEnabled") when value.Type == VariantValueType.Bool:
                            SetProperty(_root, Manager, name, value.GetBool());
                            ApplyRadio(name == "WirelessEnabled" ? Radio.Wifi : Radio.Wwan);
                            ReplyEmpty(context);
                            return;
                        case (DeviceIface, "Autoconnect" or "Managed") when value.Type == VariantValueType.Bool:
                            SetProperty(obj, DeviceIface, name, value.GetBool());
                            ReplyEmpty(context);
                            return;
                        default:
                            context.ReplyError("org.freedesktop.DBus.Error.PropertyReadOnly", $"Property '{name}' is not writable");
                            return;
                    }
                }
            default:
                context.ReplyError(NmNames.UnknownMethodError, $"No such method '{member}'");
                return;
        }
    }

    private void HandleProfile(MethodContext context, Profile profile, string member)
    {
        switch (member)
        {
            case "GetSettings":
                {
                    var writer = context.CreateReplyWriter("a{sa{sv}}");
                    try
                    {
                        WithoutSecrets(profile.Settings).Write(ref writer);
                        context.Reply(writer.CreateMessage());
                    }
                    finally
                    {
                        writer.Dispose();
                    }
                    return;
                }
            case "Update":
                {
                    var reader = context.Request.GetBodyReader();
                    var settings = ConnectionSettings.Read(ref reader);
                    var error = Validate(settings);
                    if (error is not null)
                    {
                        context.ReplyError(error.Value.Name, error.Value.Message);
                        return;
                    }
                    profile.Settings = settings;
                    Emit(profile.Object.Path, NmNames.ConnectionInterface, "Updated", null, null);
                    ReplyEmpty(context);
                    return;
                }
            case "Delete":
                foreach (var active in _actives.Values.Where(a => a.Profile == profile).ToArray())
                {
                    Deactivate(active, DeviceStateReason.ConnectionRemoved, ActiveConnectionStateReason.ConnectionRemoved);
                }
                RemoveProfile(profile);
                ReplyEmpty(context);
                return;
            default:
                context.ReplyError(NmNames.UnknownMethodError, $"No such method '{member}'");
                return;
        }
    }

    private void HandleScan(MethodContext context, Device device)
    {
        var now = _options.TimeProvider.GetTimestamp();
        var nowMs = (long)_options.TimeProvider.GetElapsedTime(0, now).TotalMilliseconds;
        if (device.LastScanMs >= 0 && nowMs - device.LastScanMs < _options.ScanThrottle.TotalMilliseconds)
        {
            context.ReplyError(NmNames.ScanNotAllowedError, "Scanning not allowed immediately following previous scan");
            return;
        }
        if (!Flag("WirelessEnabled") || !Flag("WirelessHardwareEnabled"))
        {
            context.ReplyError(NmNames.ScanNotAllowedError, "Scanning not allowed while unavailable");
            return;
        }
        device.LastScanMs = nowMs;
        ReplyEmpty(context);
        _ = Task.Run(async () =>
        {
            await DelayAsync().ConfigureAwait(false);
            lock (_gate)
            {
                SetProperty(device.Object, NmNames.WirelessInterface, "LastScan", nowMs);
            }
        });
    }

    private void HandleActivate(MethodContext context)
    {
        var reader = context.Request.GetBodyReader();
        var profilePath = reader.ReadObjectPathAsString();
        var devicePath = reader.ReadObjectPathAsString();
        var specific = reader.ReadObjectPathAsString();
        if (!_profiles.TryGetValue(profilePath, out var profile))
        {
            context.ReplyError("org.freedesktop.NetworkManager.UnknownConnection", $"Connection '{profilePath}' is not available");
            return;
        }
        var device = _devices.FirstOrDefault(d => d.Object.Path == devicePath)
            ?? _devices.FirstOrDefault(d => devicePath == "/" && d.Type == TypeOf(profile.Settings));
        if (device is null)
        {
            context.ReplyError("org.freedesktop.NetworkManager.UnknownDevice", $"Device '{devicePath}' not found");
            return;
        }
        StartActivation(context, profile, device, specific, (ref MessageWriter w, string activePath) => w.WriteObjectPath(activePath), "o");
    }

    private void HandleAddAndActivate(MethodContext context)
    {
        var reader = context.Request.GetBodyReader();
        var settings = ConnectionSettings.Read(ref reader);
        var devicePath = reader.ReadObjectPathAsString();
        var specific = reader.ReadObjectPathAsString();
        var device = _devices.FirstOrDefault(d => d.Object.Path == devicePath);
        if (device is null)
        {
            context.ReplyError("org.freedesktop.NetworkManager.UnknownDevice", $"Device '{devicePath}' not found");
            return;
        }
        // NetworkManager completes what is missing from the device and the access point (nm-wifi-utils.c).
        var connection = settings.Section("connection");
        if (!connection.ContainsKey("type"))
        {
            connection["type"] = device.Type == DeviceType.Wifi ? NmNames.WirelessSetting : "gsm";
        }
        if (device.Type == DeviceType.Wifi && specific != "/" && device.AccessPoints.FirstOrDefault(a => a.Object.Path == specific) is { } ap)
        {
            var wireless = settings.Section(NmNames.WirelessSetting);
            if (!wireless.ContainsKey("ssid") && !ap.Spec.Hidden)
            {
                wireless["ssid"] = VariantValue.Array(Encoding.UTF8.GetBytes(ap.Spec.Ssid));
            }
        }
        if (!connection.ContainsKey("id"))
        {
            connection["id"] = settings.Ssid.Length > 0 ? SsidText.Display(settings.Ssid) : "Connection";
        }
        if (!connection.ContainsKey("uuid"))
        {
            connection["uuid"] = Guid.NewGuid().ToString();
        }
        var error = Validate(settings);
        if (error is not null)
        {
            context.ReplyError(error.Value.Name, error.Value.Message);
            return;
        }
        if (device.Type == DeviceType.Wifi && specific != "/" && device.AccessPoints.All(a => a.Object.Path != specific))
        {
            context.ReplyError("org.freedesktop.NetworkManager.UnknownConnection", $"The access point '{specific}' was not in the scan list.");
            return;
        }
        if (!IsAvailable(device, out var why))
        {
            context.ReplyError("org.freedesktop.NetworkManager.UnknownDevice", why);
            return;
        }
        var profile = AddProfile(settings);
        StartActivation(context, profile, device, specific, (ref MessageWriter w, string activePath) =>
        {
            w.WriteObjectPath(profile.Object.Path);
            w.WriteObjectPath(activePath);
        }, "oo");
    }

    private void HandleDeactivate(MethodContext context)
    {
        var activePath = context.Request.GetBodyReader().ReadObjectPathAsString();
        if (!_actives.TryGetValue(activePath, out var active))
        {
            context.ReplyError("org.freedesktop.NetworkManager.ConnectionNotActive", "The connection was not active.");
            return;
        }
        Deactivate(active, DeviceStateReason.UserRequested, ActiveConnectionStateReason.UserDisconnected);
        ReplyEmpty(context);
    }

    private delegate void ReplyWriter(ref MessageWriter writer, string activePath);

    private void StartActivation(MethodContext context, Profile profile, Device device, string specific, ReplyWriter reply, string signature)
    {
        if (!IsAvailable(device, out var why))
        {
            context.ReplyError("org.freedesktop.NetworkManager.ConnectionNotAvailable", $"Connection '{profile.Settings.Id}' is not available on device {device.InterfaceName} because {why}");
            return;
        }
        if (TypeOf(profile.Settings) != device.Type)
        {
            context.ReplyError("org.freedesktop.NetworkManager.Device.IncompatibleConnection", $"The connection '{profile.Settings.Id}' is not compatible with {device.InterfaceName}.");
            return;
        }
        if (device.Active is { } previous)
        {
            Deactivate(previous, DeviceStateReason.NewActivation, ActiveConnectionStateReason.None);
        }
        var ap = device.Type == DeviceType.Wifi ? ChooseAccessPoint(device, profile.Settings, specific) : null;
        var activeObject = Add($"{NmNames.RootPath}/ActiveConnection/{++_nextId}");
        var active = new Active(activeObject, profile, device, ap?.Object.Path ?? "/");
        var properties = activeObject.Interface(NmNames.ActiveInterface);
        properties["Id"] = profile.Settings.Id;
        properties["Uuid"] = profile.Settings.Uuid;
        properties["Type"] = profile.Settings.Type;
        properties["Connection"] = new ObjectPath(profile.Object.Path);
        properties["SpecificObject"] = new ObjectPath(active.SpecificObject);
        properties["Devices"] = Paths([device.Object.Path]);
        properties["State"] = 1u;
        properties["StateFlags"] = 0u;
        properties["Default"] = false;
        properties["Vpn"] = false;
        _actives[activeObject.Path] = active;
        device.Active = active;
        SetProperty(device.Object, DeviceIface, "ActiveConnection", new ObjectPath(activeObject.Path));
        SetProperty(_root, Manager, "ActiveConnections", Paths(_actives.Keys));
        SetProperty(_root, Manager, "ActivatingConnection", new ObjectPath(activeObject.Path));

        var writer = context.CreateReplyWriter(signature);
        try
        {
            reply(ref writer, activeObject.Path);
            context.Reply(writer.CreateMessage());
        }
        finally
        {
            writer.Dispose();
        }
        _ = Task.Run(() => RunActivationAsync(active, ap));
    }

    private static AccessPointState? ChooseAccessPoint(Device device, ConnectionSettings settings, string specific)
    {
        var ssid = settings.Ssid;
        var hidden = settings.TryGetValue(NmNames.WirelessSetting, out var wireless) && wireless.Bool("hidden");
        return device.AccessPoints
            .Where(a => specific == "/" || a.Object.Path == specific)
            .Where(a => Encoding.UTF8.GetBytes(a.Spec.Ssid).AsSpan().SequenceEqual(ssid) && (!a.Spec.Hidden || hidden))
            .MaxBy(a => a.Spec.StrengthPercent);
    }

    private async Task RunActivationAsync(Active active, AccessPointState? ap)
    {
        try
        {
            var device = active.Device;
            var settings = active.Profile.Settings;
            if (!await StepAsync(active, DeviceState.Prepare).ConfigureAwait(false) || !await StepAsync(active, DeviceState.Config).ConfigureAwait(false))
            {
                return;
            }
            if (device.Type == DeviceType.Wifi)
            {
                if (ap is null)
                {
                    Fail(active, DeviceStateReason.SsidNotFound, ActiveConnectionStateReason.DeviceDisconnected);
                    return;
                }
                var security = SecurityClassifier.Classify(ap.Object.Interface(NmNames.AccessPointInterface).UInt32("Flags"), ap.Object.Interface(NmNames.AccessPointInterface).UInt32("WpaFlags"), ap.Object.Interface(NmNames.AccessPointInterface).UInt32("RsnFlags"));
                if (SecurityClassifier.NeedsSecret(security))
                {
                    if (!await StepAsync(active, DeviceState.NeedAuth).ConfigureAwait(false))
                    {
                        return;
                    }
                    // No secret agent answers here, so a wrong or missing password ends as NetworkManager's does without one.
                    if (security.HasFlag(WifiSecurity.Enterprise) || Secret(settings) != ap.Spec.Password)
                    {
                        Fail(active, DeviceStateReason.NoSecrets, ActiveConnectionStateReason.NoSecrets);
                        return;
                    }
                }
            }
            if (!await StepAsync(active, DeviceState.IpConfig).ConfigureAwait(false)
                || !await StepAsync(active, DeviceState.IpCheck).ConfigureAwait(false)
                || !await StepAsync(active, DeviceState.Activated).ConfigureAwait(false))
            {
                return;
            }
            lock (_gate)
            {
                if (active.Cancelled)
                {
                    return;
                }
                if (ap is not null)
                {
                    SetProperty(device.Object, NmNames.WirelessInterface, "ActiveAccessPoint", new ObjectPath(ap.Object.Path));
                    SetProperty(device.Object, NmNames.WirelessInterface, "Bitrate", ap.Spec.MaxBitrateKbps);
                }
                SetActiveState(active, ActiveConnectionState.Activated, ActiveConnectionStateReason.None);
                SetProperty(_root, Manager, "ActivatingConnection", new ObjectPath("/"));
                UpdateGlobalState();
            }
        }
        catch (ObjectDisposedException)
        {
            // The simulator stopped mid-activation.
        }
        catch (OperationCanceledException)
        {
            // Likewise.
        }
    }

    private async Task<bool> StepAsync(Active active, DeviceState state)
    {
        await DelayAsync().ConfigureAwait(false);
        lock (_gate)
        {
            if (active.Cancelled)
            {
                return false;
            }
            SetDeviceState(active.Device, state, DeviceStateReason.None);
            return true;
        }
    }

    private Task DelayAsync() => Task.Delay(_options.StepDelay, _options.TimeProvider, _stopping.Token);

    private void Fail(Active active, DeviceStateReason reason, ActiveConnectionStateReason activeReason)
    {
        lock (_gate)
        {
            if (active.Cancelled)
            {
                return;
            }
            active.Cancelled = true;
            SetDeviceState(active.Device, DeviceState.Failed, reason);
            SetActiveState(active, ActiveConnectionState.Deactivated, activeReason);
            Remove(active);
            SetDeviceState(active.Device, DeviceState.Disconnected, DeviceStateReason.None);
        }
    }

    private void Deactivate(Active active, DeviceStateReason reason, ActiveConnectionStateReason activeReason)
    {
        active.Cancelled = true;
        SetDeviceState(active.Device, DeviceState.Deactivating, reason);
        SetActiveState(active, ActiveConnectionState.Deactivating, activeReason);
        SetActiveState(active, ActiveConnectionState.Deactivated, activeReason);
        Remove(active);
        SetDeviceState(active.Device, DeviceState.Disconnected, reason);
    }

    private void Remove(Active active)
    {
        _actives.Remove(active.Object.Path);
        _objects.Remove(active.Object.Path);
        if (active.Device.Active == active)
        {
            active.Device.Active = null;
            SetProperty(active.Device.Object, DeviceIface, "ActiveConnection", new ObjectPath("/"));
            if (active.Device.Type == DeviceType.Wifi)
            {
                SetProperty(active.Device.Object, NmNames.WirelessInterface, "ActiveAccessPoint", new ObjectPath("/"));
            }
        }
        if (_root.Interface(Manager)["ActivatingConnection"].GetObjectPathAsString() == active.Object.Path)
        {
            SetProperty(_root, Manager, "ActivatingConnection", new ObjectPath("/"));
        }
        UpdateGlobalState();
    }

    private void ApplyRadio(Radio radio)
    {
        var type = radio == Radio.Wifi ? DeviceType.Wifi : DeviceType.Modem;
        foreach (var device in _devices.Where(d => d.Type == type))
        {
            if (IsAvailable(device, out _))
            {
                SetDeviceState(device, DeviceState.Disconnected, DeviceStateReason.None);
            }
            else
            {
                if (device.Active is { } active)
                {
                    Deactivate(active, DeviceStateReason.None, ActiveConnectionStateReason.DeviceDisconnected);
                }
                SetDeviceState(device, DeviceState.Unavailable, DeviceStateReason.None);
            }
        }
    }

    private bool IsAvailable(Device device, out string why)
    {
        (why, var available) = device.Type switch
        {
            DeviceType.Wifi when !Flag("WirelessHardwareEnabled") => ("the Wi-Fi hardware switch is off", false),
            DeviceType.Wifi when !Flag("WirelessEnabled") => ("Wi-Fi is disabled", false),
            DeviceType.Modem when !Flag("WwanHardwareEnabled") => ("the WWAN hardware switch is off", false),
            DeviceType.Modem when !Flag("WwanEnabled") => ("mobile broadband is disabled", false),
            _ => ("", true),
        };
        return available;
    }

    private static DeviceType TypeOf(ConnectionSettings settings) => settings.Type switch
    {
        NmNames.WirelessSetting => DeviceType.Wifi,
        "gsm" or "cdma" => DeviceType.Modem,
        "802-3-ethernet" => DeviceType.Ethernet,
        _ => DeviceType.Unknown,
    };

    private static string? Secret(ConnectionSettings settings) =>
        settings.TryGetValue(NmNames.WirelessSecuritySetting, out var security)
            ? security.TryGetValue("psk", out var psk) ? psk.GetString() : security.TryGetValue("wep-key0", out var wep) ? wep.GetString() : null
            : null;

    /// <summary>NetworkManager's checks on a profile (nm-setting-wireless-security.c), with its error names and messages.</summary>
    private static (string Name, string Message)? Validate(ConnectionSettings settings)
    {
        const string Invalid = "org.freedesktop.NetworkManager.Settings.Connection.InvalidProperty";
        const string Missing = "org.freedesktop.NetworkManager.Settings.Connection.MissingProperty";
        if (!settings.ContainsKey("connection") || settings.Type.Length == 0)
        {
            return ("org.freedesktop.NetworkManager.Settings.Connection.MissingSetting", "connection: setting is required");
        }
        if (settings.Type == NmNames.WirelessSetting)
        {
            if (!settings.TryGetValue(NmNames.WirelessSetting, out var wireless) || !wireless.TryGetValue("ssid", out var ssid))
            {
                return (Missing, "802-11-wireless.ssid: property is missing");
            }
            if (ssid.Type != VariantValueType.Array || ssid.ItemType != VariantValueType.Byte || ssid.Count is 0 or > 32)
            {
                return (Invalid, "802-11-wireless.ssid: property is invalid");
            }
            if (settings.TryGetValue(NmNames.WirelessSecuritySetting, out var security))
            {
                if (!security.TryGetValue("key-mgmt", out var keyManagement))
                {
                    return (Missing, "802-11-wireless-security.key-mgmt: property is missing");
                }
                if (keyManagement.Type == VariantValueType.String && keyManagement.GetString() == "wpa-eap" && !settings.ContainsKey("802-1x"))
                {
                    return ("org.freedesktop.NetworkManager.Settings.Connection.MissingSetting", "802-1x: setting is required");
                }
                if (security.TryGetValue("psk", out var psk) && (psk.Type != VariantValueType.String || !IsValidPsk(psk.GetString())))
                {
                    return (Invalid, "802-11-wireless-security.psk: property is invalid");
                }
            }
        }
        return null;
    }

    private static bool IsValidPsk(string psk) =>
        psk.Length is >= 8 and <= 63 || (psk.Length == 64 && psk.All(char.IsAsciiHexDigit));

    private static ConnectionSettings WithoutSecrets(ConnectionSettings settings)
    {
        var copy = new ConnectionSettings();
        foreach (var (name, properties) in settings)
        {
            copy[name] = properties.Where(p => p.Key is not ("psk" or "wep-key0" or "password" or "pin"))
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        }
        return copy;
    }

    private static void ReplyEmpty(MethodContext context)
    {
        using var writer = context.CreateReplyWriter(null);
        context.Reply(writer.CreateMessage());
    }

    private static void ReplyPath(MethodContext context, string path)
    {
        using var writer = context.CreateReplyWriter("o");
        writer.WriteObjectPath(path);
        context.Reply(writer.CreateMessage());
    }

    private static void ReplyPaths(MethodContext context, IEnumerable<string> paths)
    {
        using var writer = context.CreateReplyWriter("ao");
        writer.WriteArray(paths.Select(p => new ObjectPath(p)).ToArray());
        context.Reply(writer.CreateMessage());
    }
}
