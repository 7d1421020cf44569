using Drivers.NetworkManager.Protocol;
using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Tests.Infrastructure;

/// <summary>
/// A peer that owns NetworkManager's name and answers every call with random values of random D-Bus types (or a random
/// error), and emits random signals on NetworkManager's paths: the worst a bus peer can do to the client. Seeded, so a
/// failure repeats. Counts what it sent.
/// </summary>
internal sealed class HostileNetworkManager : IPathMethodHandler, IDisposable
{
    private static readonly string[] PropertyNames =
    [
        "DeviceType", "State", "StateReason", "Interface", "Driver", "HwAddress", "ActiveConnection", "Devices", "AllDevices",
        "ActiveConnections", "PrimaryConnection", "Ssid", "Strength", "Flags", "WpaFlags", "RsnFlags", "Frequency", "MaxBitrate",
        "Id", "Uuid", "Type", "Connection", "SpecificObject", "WirelessEnabled", "WirelessHardwareEnabled", "WwanEnabled",
        "WwanHardwareEnabled", "TypeDescription", "CurrentCapabilities", "AvailableConnections", "ActiveAccessPoint", "LastScan",
        "Startup", "Version",
    ];

    private static readonly string[] Interfaces =
    [
        NmNames.ManagerInterface, NmNames.DeviceInterface, NmNames.WirelessInterface, NmNames.ActiveInterface,
        NmNames.PropertiesInterface, NmNames.SettingsInterface, NmNames.ConnectionInterface,
    ];

    private static readonly string[] Sections = ["connection", "802-11-wireless", "802-11-wireless-security", "ipv4"];

    private static readonly string[] SettingNames = ["id", "uuid", "type", "ssid", "psk", "key-mgmt", "hidden", "interface-name"];

    private static readonly string[] Members = ["StateChanged", "PropertiesChanged", "AccessPointAdded", "AccessPointRemoved", "DeviceAdded", "NewConnection", "Updated"];

    private readonly DBusConnection _connection;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private int _replies;
    private int _signals;

    private HostileNetworkManager(DBusConnection connection, int seed)
    {
        _connection = connection;
        _random = new Random(seed);
    }

    public string Path => "/org/freedesktop";

    public bool HandlesChildPaths => true;

    public int Replies => Volatile.Read(ref _replies);

    public int Signals => Volatile.Read(ref _signals);

    public static async Task<HostileNetworkManager> StartAsync(string busAddress, int seed)
    {
        var connection = new DBusConnection(busAddress);
        await connection.ConnectAsync();
        var hostile = new HostileNetworkManager(connection, seed);
        connection.AddMethodHandler(hostile);
        await connection.RequestNameAsync(NmNames.Service);
        return hostile;
    }

    public ValueTask HandleMethodAsync(MethodContext context)
    {
        lock (_gate)
        {
            Interlocked.Increment(ref _replies);
            if (_random.Next(8) == 0)
            {
                context.ReplyError(_random.Next(2) == 0 ? "org.freedesktop.DBus.Error.Failed" : "org.example.Nonsense.E" + _random.Next(), RandomString());
                return ValueTask.CompletedTask;
            }
            var signature = RandomSignature();
            var writer = context.CreateReplyWriter(signature.Length == 0 ? null : signature);
            try
            {
                WriteBody(ref writer, signature);
                context.Reply(writer.CreateMessage());
            }
            finally
            {
                writer.Dispose();
            }
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Emits <paramref name="count"/> random signals from NetworkManager's name.</summary>
    public void EmitSignals(int count)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                var signature = RandomSignature();
                var writer = _connection.GetMessageWriter();
                try
                {
                    var path = _random.Next(4) switch
                    {
                        0 => NmNames.RootPath,
                        1 => $"{NmNames.RootPath}/Devices/{_random.Next(5)}",
                        2 => $"{NmNames.RootPath}/ActiveConnection/{_random.Next(5)}",
                        _ => $"{NmNames.RootPath}/AccessPoint/{_random.Next(5)}",
                    };
                    writer.WriteSignalHeader(null, path, Interfaces[_random.Next(Interfaces.Length)], Members[_random.Next(Members.Length)], signature.Length == 0 ? null : signature);
                    WriteBody(ref writer, signature);
                    _connection.TrySendMessage(writer.CreateMessage());
                    Interlocked.Increment(ref _signals);
                }
                finally
                {
                    writer.Dispose();
                }
            }
        }
    }

    private string RandomSignature() => _random.Next(10) switch
    {
        0 => "",
        1 => "u",
        2 => "uu",
        3 => "uuu",
        4 => "o",
        5 => "ao",
        6 => "s",
        7 => "sa{sv}as",
        8 => "a{sa{sv}}",
        _ => "a{sv}",
    };

    private void WriteBody(ref MessageWriter writer, string signature)
    {
        switch (signature)
        {
            case "u":
                writer.WriteUInt32(RandomUInt());
                break;
            case "uu":
                writer.WriteUInt32(RandomUInt());
                writer.WriteUInt32(RandomUInt());
                break;
            case "uuu":
                writer.WriteUInt32(RandomUInt());
                writer.WriteUInt32(RandomUInt());
                writer.WriteUInt32(RandomUInt());
                break;
            case "o":
                writer.WriteObjectPath(RandomPath());
                break;
            case "ao":
                writer.WriteArray(Enumerable.Range(0, _random.Next(4)).Select(_ => new ObjectPath(RandomPath())).ToArray());
                break;
            case "s":
                writer.WriteString(RandomString());
                break;
            case "sa{sv}as":
                writer.WriteString(Interfaces[_random.Next(Interfaces.Length)]);
                writer.WriteDictionary(RandomProperties());
                writer.WriteArray(Array.Empty<string>());
                break;
            case "a{sa{sv}}":
                var outer = writer.WriteDictionaryStart();
                foreach (var section in Sections.Where(_ => _random.Next(2) == 0))
                {
                    writer.WriteDictionaryEntryStart();
                    writer.WriteString(section);
                    writer.WriteDictionary(RandomProperties(SettingNames));
                }
                writer.WriteDictionaryEnd(outer);
                break;
            case "a{sv}":
                writer.WriteDictionary(RandomProperties());
                break;
        }
    }

    private Dictionary<string, VariantValue> RandomProperties(string[]? names = null)
    {
        names ??= PropertyNames;
        var properties = new Dictionary<string, VariantValue>(StringComparer.Ordinal);
        for (var i = _random.Next(names.Length); i > 0; i--)
        {
            properties[names[_random.Next(names.Length)]] = RandomValue();
        }
        return properties;
    }

    private VariantValue RandomValue() => _random.Next(11) switch
    {
        0 => VariantValue.UInt32(RandomUInt()),
        1 => VariantValue.Int32(_random.Next(int.MinValue, int.MaxValue)),
        2 => VariantValue.Byte((byte)_random.Next(256)),
        3 => VariantValue.Bool(_random.Next(2) == 0),
        4 => VariantValue.String(RandomString()),
        5 => VariantValue.ObjectPath(RandomPath()),
        6 => VariantValue.Array(Enumerable.Range(0, _random.Next(40)).Select(_ => (byte)_random.Next(256)).ToArray()),
        7 => VariantValue.Array(Enumerable.Range(0, _random.Next(4)).Select(_ => new ObjectPath(RandomPath())).ToArray()),
        8 => VariantValue.Struct(VariantValue.UInt32(RandomUInt()), VariantValue.UInt32(RandomUInt())),
        9 => VariantValue.Int64(_random.NextInt64()),
        _ => VariantValue.Double(_random.NextDouble()),
    };

    private uint RandomUInt() => _random.Next(3) == 0 ? (uint)_random.Next() * 2u : (uint)_random.Next(130);

    private string RandomPath() => _random.Next(5) switch
    {
        0 => "/",
        1 => $"{NmNames.RootPath}/Devices/{_random.Next(5)}",
        2 => $"{NmNames.RootPath}/ActiveConnection/{_random.Next(5)}",
        3 => $"{NmNames.RootPath}/AccessPoint/{_random.Next(5)}",
        _ => $"{NmNames.RootPath}/Settings/{_random.Next(5)}",
    };

    private string RandomString() => _random.Next(4) switch
    {
        0 => "",
        1 => "wlan0",
        2 => new string(Enumerable.Range(0, _random.Next(300)).Select(_ => (char)_random.Next(1, 0xD7FF)).ToArray()),
        _ => "\u202e" + _random.Next(),
    };

    public void Dispose() => _connection.Dispose();
}
