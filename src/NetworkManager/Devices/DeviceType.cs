namespace Drivers.NetworkManager.Devices;

/// <summary>What kind of device NetworkManager manages (NMDeviceType); other values pass through as numbers.</summary>
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

    /// <summary>A mobile-broadband modem: 3G, 4G, 5G (8).</summary>
    Modem = 8,

    /// <summary>A bridge (13).</summary>
    Bridge = 13,

    /// <summary>A generic device, such as the loopback (14).</summary>
    Generic = 14,

    /// <summary>A TUN or TAP device (16).</summary>
    Tun = 16,

    /// <summary>WireGuard (29).</summary>
    WireGuard = 29,

    /// <summary>Wi-Fi P2P (30).</summary>
    WifiP2P = 30,

    /// <summary>The loopback device (32).</summary>
    Loopback = 32,
}
