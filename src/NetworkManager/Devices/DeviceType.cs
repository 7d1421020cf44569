namespace Drivers.NetworkManager.Devices;

/// <summary>
/// What kind of device NetworkManager manages (NMDeviceType in nm-dbus-interface.h). A number added after this list is
/// kept as it is; <see cref="NetworkDevice.TypeText"/> shows it as <c>unknown (N)</c>.
/// </summary>
public enum DeviceType
{
    /// <summary>Unknown (0).</summary>
    Unknown = 0,

    /// <summary>Wired Ethernet (1).</summary>
    Ethernet = 1,

    /// <summary>Wi-Fi (2).</summary>
    Wifi = 2,

    /// <summary>Bluetooth (5).</summary>
    Bluetooth = 5,

    /// <summary>An OLPC XO mesh (6).</summary>
    OlpcMesh = 6,

    /// <summary>WiMAX, no longer supported by NetworkManager (7).</summary>
    Wimax = 7,

    /// <summary>A mobile-broadband modem: 3G, 4G, 5G (8).</summary>
    Modem = 8,

    /// <summary>InfiniBand (9).</summary>
    Infiniband = 9,

    /// <summary>A bond (10).</summary>
    Bond = 10,

    /// <summary>An 802.1Q VLAN (11).</summary>
    Vlan = 11,

    /// <summary>ADSL (12).</summary>
    Adsl = 12,

    /// <summary>A bridge (13).</summary>
    Bridge = 13,

    /// <summary>A device NetworkManager has no special support for (14).</summary>
    Generic = 14,

    /// <summary>A team (15).</summary>
    Team = 15,

    /// <summary>A TUN or TAP device (16).</summary>
    Tun = 16,

    /// <summary>An IP tunnel: ipip, gre, sit and the like (17).</summary>
    IpTunnel = 17,

    /// <summary>A MACVLAN or MACVTAP (18).</summary>
    Macvlan = 18,

    /// <summary>A VXLAN (19).</summary>
    Vxlan = 19,

    /// <summary>A veth (20); NetworkManager and nmcli treat it as Ethernet.</summary>
    Veth = 20,

    /// <summary>MACsec (21).</summary>
    Macsec = 21,

    /// <summary>A dummy (22).</summary>
    Dummy = 22,

    /// <summary>PPP (23).</summary>
    Ppp = 23,

    /// <summary>An Open vSwitch interface (24).</summary>
    OvsInterface = 24,

    /// <summary>An Open vSwitch port (25).</summary>
    OvsPort = 25,

    /// <summary>An Open vSwitch bridge (26).</summary>
    OvsBridge = 26,

    /// <summary>An IEEE 802.15.4 (WPAN) device (27).</summary>
    Wpan = 27,

    /// <summary>6LoWPAN (28).</summary>
    SixLowpan = 28,

    /// <summary>WireGuard (29).</summary>
    WireGuard = 29,

    /// <summary>Wi-Fi P2P (30).</summary>
    WifiP2P = 30,

    /// <summary>A VRF (31).</summary>
    Vrf = 31,

    /// <summary>The loopback device (32).</summary>
    Loopback = 32,

    /// <summary>An HSR or PRP device (33).</summary>
    Hsr = 33,

    /// <summary>An IPVLAN (34).</summary>
    Ipvlan = 34,

    /// <summary>A GENEVE tunnel (35).</summary>
    Geneve = 35,
}
