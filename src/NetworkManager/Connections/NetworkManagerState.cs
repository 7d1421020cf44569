namespace Drivers.NetworkManager.Connections;

/// <summary>NetworkManager's overall state (NMState in nm-dbus-interface.h); a number this enum does not name is kept as it is.</summary>
public enum NetworkManagerState
{
    /// <summary>Unknown (0).</summary>
    Unknown = 0,

    /// <summary>Networking is off or the machine is asleep (10).</summary>
    Asleep = 10,

    /// <summary>No connection is up (20).</summary>
    Disconnected = 20,

    /// <summary>Connections are being taken down (30).</summary>
    Disconnecting = 30,

    /// <summary>A connection is being brought up (40).</summary>
    Connecting = 40,

    /// <summary>Up, but only the local host is reachable (50).</summary>
    ConnectedLocal = 50,

    /// <summary>Up, the site is reachable but not the internet (60).</summary>
    ConnectedSite = 60,

    /// <summary>Up, with internet access (70).</summary>
    ConnectedGlobal = 70,
}
