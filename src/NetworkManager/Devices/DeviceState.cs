namespace Drivers.NetworkManager.Devices;

/// <summary>A device's state (NMDeviceState).</summary>
public enum DeviceState
{
    /// <summary>Unknown (0).</summary>
    Unknown = 0,

    /// <summary>Not managed by NetworkManager (10).</summary>
    Unmanaged = 10,

    /// <summary>Managed but not usable, e.g. its radio is off (20).</summary>
    Unavailable = 20,

    /// <summary>Usable, not connected (30).</summary>
    Disconnected = 30,

    /// <summary>Activation is preparing (40).</summary>
    Prepare = 40,

    /// <summary>Connecting to the network, e.g. associating with an access point (50).</summary>
    Config = 50,

    /// <summary>Secrets such as a Wi-Fi password are needed (60).</summary>
    NeedAuth = 60,

    /// <summary>Getting addresses (70).</summary>
    IpConfig = 70,

    /// <summary>Checking the addresses (80).</summary>
    IpCheck = 80,

    /// <summary>Waiting for secondary connections (90).</summary>
    Secondaries = 90,

    /// <summary>Connected (100).</summary>
    Activated = 100,

    /// <summary>Disconnecting (110).</summary>
    Deactivating = 110,

    /// <summary>Activation failed; see the state reason (120).</summary>
    Failed = 120,
}
