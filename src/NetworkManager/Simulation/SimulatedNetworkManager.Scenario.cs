using System.Text;
using Drivers.NetworkManager.Connections;
using Drivers.NetworkManager.Devices;
using Drivers.NetworkManager.Protocol;
using Drivers.NetworkManager.Radios;
using Drivers.NetworkManager.Transport;
using Drivers.NetworkManager.Wifi;
using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Simulation;

// The simulated world: devices, access points, profiles and radio switches that a test puts in place.
public sealed partial class SimulatedNetworkManager
{
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
}
