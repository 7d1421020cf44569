namespace Drivers.NetworkManager.Changes;

/// <summary>A Wi-Fi device found or lost an access point (AccessPointAdded, AccessPointRemoved).</summary>
public sealed class AccessPointChange : NetworkChange
{
    internal AccessPointChange(string devicePath, string accessPointPath, bool added)
        : base(devicePath)
    {
        AccessPointPath = accessPointPath;
        Added = added;
    }

    /// <summary>The access point's object path (already gone when <see cref="Added"/> is false).</summary>
    public string AccessPointPath { get; }

    /// <summary>True when it appeared, false when it vanished.</summary>
    public bool Added { get; }
}
