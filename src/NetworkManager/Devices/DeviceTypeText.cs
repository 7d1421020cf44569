namespace Drivers.NetworkManager.Devices;

/// <summary>Device types named as <c>nmcli device</c> names them (its TYPE column).</summary>
internal static class DeviceTypeText
{
    // NetworkManager's modem capabilities (NMDeviceModemCapabilities in nm-dbus-interface.h).
    private const uint CdmaEvdo = 0x2;
    private const uint GsmUmts = 0x4;

    /// <summary>
    /// The name nmcli shows: libnm's type description, the device class's name in lower case (veth shows as ethernet),
    /// a modem as gsm or cdma by its current capabilities; a number nm-dbus-interface.h does not name is <c>unknown (N)</c>.
    /// </summary>
    public static string Describe(DeviceType type, uint modemCapabilities = 0) => type switch
    {
        DeviceType.Unknown => "unknown",
        DeviceType.Ethernet or DeviceType.Veth => "ethernet",
        DeviceType.Wifi => "wifi",
        DeviceType.Bluetooth => "bt",
        DeviceType.OlpcMesh => "olpcmesh",
        DeviceType.Wimax => "wimax",
        DeviceType.Modem when (modemCapabilities & GsmUmts) != 0 => "gsm",
        DeviceType.Modem when (modemCapabilities & CdmaEvdo) != 0 => "cdma",
        DeviceType.Modem => "modem",
        DeviceType.Infiniband => "infiniband",
        DeviceType.Bond => "bond",
        DeviceType.Vlan => "vlan",
        DeviceType.Adsl => "adsl",
        DeviceType.Bridge => "bridge",
        DeviceType.Generic => "generic",
        DeviceType.Team => "team",
        DeviceType.Tun => "tun",
        DeviceType.IpTunnel => "iptunnel",
        DeviceType.Macvlan => "macvlan",
        DeviceType.Vxlan => "vxlan",
        DeviceType.Macsec => "macsec",
        DeviceType.Dummy => "dummy",
        DeviceType.Ppp => "ppp",
        DeviceType.OvsInterface => "ovs-interface",
        DeviceType.OvsPort => "ovs-port",
        DeviceType.OvsBridge => "ovs-bridge",
        DeviceType.Wpan => "wpan",
        DeviceType.SixLowpan => "6lowpan",
        DeviceType.WireGuard => "wireguard",
        DeviceType.WifiP2P => "wifi-p2p",
        DeviceType.Vrf => "vrf",
        DeviceType.Loopback => "loopback",
        DeviceType.Hsr => "hsr",
        DeviceType.Ipvlan => "ipvlan",
        DeviceType.Geneve => "geneve",
        _ => $"unknown ({(uint)type})",
    };
}
