using Drivers.NetworkManager.Connections;
using Drivers.NetworkManager.Devices;
using Drivers.NetworkManager.Protocol;
using Drivers.NetworkManager.Transport;
using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Simulation;

/// <summary>
/// A simulated NetworkManager that exports the real D-Bus API (the parts this package and nmcli-like tools use)
/// on a bus of your choice: devices, access points, saved profiles, active connections, radio switches and their
/// signals. It behaves like NetworkManager 1.42 where it matters: activation goes through PREPARE, CONFIG,
/// NEED_AUTH, IP_CONFIG, IP_CHECK, SECONDARIES to ACTIVATED; a wrong password ends in FAILED with reason 7 (no secrets) and the active
/// connection in DEACTIVATED with reason 9; hidden networks join only with <c>hidden</c> set; rescans within
/// 10 s are refused with Device.NotAllowed; invalid settings give NetworkManager's own error names.
/// </summary>
public sealed partial class SimulatedNetworkManager : IAsyncDisposable
{
    private const string Manager = NmNames.ManagerInterface;
    private const string DeviceIface = NmNames.DeviceInterface;
    private const string ObjectManagerPath = "/org/freedesktop";
    private const string ObjectManagerInterface = "org.freedesktop.DBus.ObjectManager";

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
    private int _disposed;

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
        options ??= new SimulatedNetworkManagerOptions();
        options.Validate();
        var connection = new DBusConnection(busAddress);
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
            var simulator = new SimulatedNetworkManager(connection, options) { BusAddress = busAddress };
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

    /// <summary>Releases the name and leaves the bus, as a stopped NetworkManager does. Disposing twice is harmless.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
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

        /// <summary>The settings on disk while an in-memory Update2 shadows them (Unsaved); null when memory and disk agree.</summary>
        public ConnectionSettings? OnDisk { get; set; }
    }

    private sealed class Active(SimObject obj, Profile profile, Device device, string specificObject)
    {
        public SimObject Object { get; } = obj;

        public Profile Profile { get; } = profile;

        public Device Device { get; } = device;

        public string SpecificObject { get; } = specificObject;

        public bool Canceled { get; set; }
    }

    private SimObject Add(string path)
    {
        var obj = new SimObject(path);
        _objects[path] = obj;
        return obj;
    }

    private static VariantValue Paths(IEnumerable<string> paths) => VariantValue.Array(paths.Select(p => new ObjectPath(p)).ToArray());

    private bool Flag(string name) => _root.Interface(Manager)[name].GetBool();

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
}
