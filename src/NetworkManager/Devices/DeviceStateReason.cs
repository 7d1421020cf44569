namespace Drivers.NetworkManager.Devices;

/// <summary>Why a device changed state (NMDeviceStateReason); the useful values are named, others pass through as numbers.</summary>
public enum DeviceStateReason
{
    /// <summary>No reason given (0).</summary>
    None = 0,

    /// <summary>Unknown (1).</summary>
    Unknown = 1,

    /// <summary>No IP configuration could be had, e.g. no DHCP server answered in time (5).</summary>
    IpConfigUnavailable = 5,

    /// <summary>Secrets were required but not provided: the usual sign of a wrong or missing Wi-Fi password (7).</summary>
    NoSecrets = 7,

    /// <summary>The Wi-Fi supplicant disconnected (8).</summary>
    SupplicantDisconnect = 8,

    /// <summary>The Wi-Fi supplicant's configuration failed, e.g. an invalid key (9).</summary>
    SupplicantConfigFailed = 9,

    /// <summary>The Wi-Fi supplicant failed (10).</summary>
    SupplicantFailed = 10,

    /// <summary>The Wi-Fi supplicant took too long to authenticate (11).</summary>
    SupplicantTimeout = 11,

    /// <summary>The modem could not register with the network (31).</summary>
    GsmRegistrationDenied = 31,

    /// <summary>The connection's profile was deleted (38).</summary>
    ConnectionRemoved = 38,

    /// <summary>The user asked for it (39).</summary>
    UserRequested = 39,

    /// <summary>The modem was not found (43).</summary>
    ModemNotFound = 43,

    /// <summary>The SIM needs its PIN (46).</summary>
    GsmSimPinRequired = 46,

    /// <summary>The Wi-Fi network was not found (53).</summary>
    SsidNotFound = 53,

    /// <summary>The SIM PIN was wrong (59).</summary>
    SimPinIncorrect = 59,

    /// <summary>A new activation replaced this one (60).</summary>
    NewActivation = 60,
}
