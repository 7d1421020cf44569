using System.ComponentModel;
using System.Diagnostics;
using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Tests.Infrastructure;

/// <summary>
/// python-dbusmock's networkmanager template (Debian python3-dbusmock) on a private bus, set up as one laptop:
/// wlan0 with an open and a WPA access point, and a modem cdc-wdm0 with a gsm profile (built with the generic
/// mock API, as the template has no modem). An independent idea of NetworkManager to test the client against.
/// </summary>
public sealed class DbusmockNetworkManager : IAsyncDisposable
{
    public const string Root = "/org/freedesktop/NetworkManager";
    private const string Service = "org.freedesktop.NetworkManager";
    private const string Mock = "org.freedesktop.DBus.Mock";
    private readonly Process _process;
    private readonly DBusConnection _control;

    private DbusmockNetworkManager(Process process, DBusConnection control)
    {
        _process = process;
        _control = control;
    }

    public const string WifiDevice = $"{Root}/Devices/wlan0dev";

    public const string ModemDevice = $"{Root}/Devices/wwan0dev";

    public static async Task<DbusmockNetworkManager> StartAsync(string busAddress, CancellationToken cancellationToken)
    {
        const string Python = "/usr/bin/python3";
        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-m", "dbusmock", "--template", "networkmanager", "-p", """{"Version": "1.42.4", "WwanEnabled": false}""" })
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["DBUS_SYSTEM_BUS_ADDRESS"] = busAddress;
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{Python} is missing; install Debian's python3-dbusmock (test.sh does).", e);
        }
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var control = new DBusConnection(busAddress);
        var mock = new DbusmockNetworkManager(process, control);
        try
        {
            await control.ConnectAsync();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(30));
            using var owner = await control.WatchNameOwnerAsync(Service);
            var waiting = owner.WaitForOwnerAsync(deadline.Token);
            var exited = process.WaitForExitAsync(deadline.Token);
            if (await Task.WhenAny(waiting, exited) == exited)
            {
                throw new InvalidOperationException($"python-dbusmock exited ({process.ExitCode}): {await stderr}; install Debian's python3-dbusmock (test.sh does).");
            }
            await waiting;
            await mock.SetUpAsync();
            return mock;
        }
        catch
        {
            await mock.DisposeAsync();
            throw;
        }
    }

    private async Task SetUpAsync()
    {
        await CallAsync(Root, Mock, "AddWiFiDevice", "ssi", (ref MessageWriter w) => { w.WriteString("wlan0dev"); w.WriteString("wlan0"); w.WriteInt32(30); });
        await AddAccessPointAsync("ap_open", "CafeOpen", "00:11:22:33:44:01", 2412, 54_000, 80, 0);
        await AddAccessPointAsync("ap_wpa", "HomeWPA2", "00:11:22:33:44:02", 5180, 300_000, 55, 0x100);

        await CallAsync(Root, Mock, "AddObject", "ssa{sv}a(ssss)", (ref MessageWriter w) =>
        {
            w.WriteString(ModemDevice);
            w.WriteString("org.freedesktop.NetworkManager.Device.Modem");
            w.WriteDictionary(new Dictionary<string, VariantValue>
            {
                ["ModemCapabilities"] = 12u,
                ["CurrentCapabilities"] = 8u,
                ["DeviceId"] = "357000000000000",
                ["OperatorCode"] = "23410",
                ["Apn"] = "internet",
            });
            var methods = w.WriteArrayStart(DBusType.Struct);
            w.WriteArrayEnd(methods);
        });
        await CallAsync(ModemDevice, Mock, "AddProperties", "sa{sv}", (ref MessageWriter w) =>
        {
            w.WriteString("org.freedesktop.NetworkManager.Device");
            w.WriteDictionary(new Dictionary<string, VariantValue>
            {
                ["DeviceType"] = 8u,
                ["State"] = 30u,
                ["StateReason"] = VariantValue.Struct(VariantValue.UInt32(30), VariantValue.UInt32(0)),
                ["Interface"] = "cdc-wdm0",
                ["IpInterface"] = "",
                ["ActiveConnection"] = new ObjectPath("/"),
                ["AvailableConnections"] = VariantValue.Array(Array.Empty<ObjectPath>()),
                ["Managed"] = true,
                ["AutoConnect"] = false,
                ["Driver"] = "dbusmock",
            });
        });
        var profile = await CallAsync($"{Root}/Settings", "org.freedesktop.NetworkManager.Settings", "AddConnection", "a{sa{sv}}", (ref MessageWriter w) =>
        {
            var outer = w.WriteDictionaryStart();
            w.WriteDictionaryEntryStart();
            w.WriteString("connection");
            w.WriteDictionary(new Dictionary<string, VariantValue> { ["id"] = "Mobile 4G", ["type"] = "gsm", ["uuid"] = "5b7c2b1e-0000-4000-8000-000000000001" });
            w.WriteDictionaryEntryStart();
            w.WriteString("gsm");
            w.WriteDictionary(new Dictionary<string, VariantValue> { ["apn"] = "internet" });
            w.WriteDictionaryEnd(outer);
        }, static (m, _) => m.GetBodyReader().ReadObjectPathAsString());
        await SetPropertyAsync(ModemDevice, "org.freedesktop.NetworkManager.Device", "AvailableConnections", VariantValue.Array(new[] { new ObjectPath(profile) }));
        await SetPropertyAsync(Root, "org.freedesktop.NetworkManager", "Devices", VariantValue.Array(new[] { new ObjectPath(WifiDevice), new ObjectPath(ModemDevice) }));
    }

    public Task AddAccessPointAsync(string name, string ssid, string bssid, uint frequency, uint rate, byte strength, uint security) =>
        CallAsync(Root, Mock, "AddAccessPoint", "ssssuuuyu", (ref MessageWriter w) =>
        {
            w.WriteString(WifiDevice);
            w.WriteString(name);
            w.WriteString(ssid);
            w.WriteString(bssid);
            w.WriteUInt32(2);
            w.WriteUInt32(frequency);
            w.WriteUInt32(rate);
            w.WriteByte(strength);
            w.WriteUInt32(security);
        });

    public Task SetPropertyAsync(string path, string @interface, string name, VariantValue value) =>
        CallAsync(Root, Mock, "SetProperty", "sssv", (ref MessageWriter w) =>
        {
            w.WriteString(path);
            w.WriteString(@interface);
            w.WriteString(name);
            w.WriteVariant(value);
        });

    /// <summary>Fakes a failed activation the way NetworkManager reports one (the template never checks passwords).</summary>
    public Task EmitDeviceStateChangedAsync(string devicePath, uint newState, uint oldState, uint reason) =>
        CallAsync(devicePath, Mock, "EmitSignal", "sssav", (ref MessageWriter w) =>
        {
            w.WriteString("org.freedesktop.NetworkManager.Device");
            w.WriteString("StateChanged");
            w.WriteString("uuu");
            w.WriteArray(new VariantValue[] { newState, oldState, reason });
        });

    /// <summary>The calls the template logged for one method, e.g. RequestScan.</summary>
    public Task<int> CountCallsAsync(string path, string method) =>
        CallAsync(path, Mock, "GetMethodCalls", "s", (ref MessageWriter w) => w.WriteString(method),
            static (m, _) =>
            {
                var reader = m.GetBodyReader();
                var end = reader.ReadArrayStart(DBusType.Struct);
                var count = 0;
                while (reader.HasNext(end))
                {
                    reader.ReadUInt64();
                    reader.ReadArrayOfVariantValue();
                    count++;
                }
                return count;
            });

    private delegate void Body(ref MessageWriter writer);

    private Task<int> CallAsync(string path, string @interface, string member, string signature, Body body) =>
        CallAsync(path, @interface, member, signature, body, static (_, _) => 0);

    private Task<T> CallAsync<T>(string path, string @interface, string member, string signature, Body body, MessageValueReader<T> reader)
    {
        var writer = _control.GetMessageWriter();
        MessageBuffer message;
        try
        {
            writer.WriteMethodCallHeader(Service, path, @interface, member, signature);
            body(ref writer);
            message = writer.CreateMessage();
        }
        finally
        {
            writer.Dispose();
        }
        return _control.CallMethodAsync(message, reader, null);
    }

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
