namespace Drivers.NetworkManager.Connections;

/// <summary>An active connection's state (NMActiveConnectionState).</summary>
public enum ActiveConnectionState
{
    /// <summary>Unknown (0).</summary>
    Unknown = 0,

    /// <summary>Being activated (1).</summary>
    Activating = 1,

    /// <summary>Up (2).</summary>
    Activated = 2,

    /// <summary>Being torn down (3).</summary>
    Deactivating = 3,

    /// <summary>Down; the object is about to vanish (4).</summary>
    Deactivated = 4,
}
