namespace Drivers.NetworkManager.Connections;

/// <summary>
/// Why an active connection changed state (NMActiveConnectionStateReason in NetworkManager's nm-dbus-interface.h).
/// A number this enum does not name is kept as it is, e.g. <c>(ActiveConnectionStateReason)99</c>.
/// </summary>
public enum ActiveConnectionStateReason
{
    /// <summary>The reason is unknown (0).</summary>
    Unknown = 0,

    /// <summary>No reason was given (1).</summary>
    None = 1,

    /// <summary>The user disconnected it (2).</summary>
    UserDisconnected = 2,

    /// <summary>Its device disconnected (3).</summary>
    DeviceDisconnected = 3,

    /// <summary>The VPN service stopped (4).</summary>
    ServiceStopped = 4,

    /// <summary>The IP configuration was not valid (5).</summary>
    IpConfigInvalid = 5,

    /// <summary>Connecting took too long (6).</summary>
    ConnectTimeout = 6,

    /// <summary>The VPN service took too long to start (7).</summary>
    ServiceStartTimeout = 7,

    /// <summary>The VPN service failed to start (8).</summary>
    ServiceStartFailed = 8,

    /// <summary>Secrets (a password) were needed but not given (9).</summary>
    NoSecrets = 9,

    /// <summary>The login was refused (10).</summary>
    LoginFailed = 10,

    /// <summary>Its profile was deleted (11).</summary>
    ConnectionRemoved = 11,

    /// <summary>A connection it depends on failed (12).</summary>
    DependencyFailed = 12,

    /// <summary>A software device could not be created (13).</summary>
    DeviceRealizeFailed = 13,

    /// <summary>Its device was removed (14).</summary>
    DeviceRemoved = 14,
}
