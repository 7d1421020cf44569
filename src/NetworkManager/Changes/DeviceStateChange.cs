using Drivers.NetworkManager.Devices;

namespace Drivers.NetworkManager.Changes;

/// <summary>A device changed state (Device.StateChanged).</summary>
public sealed class DeviceStateChange : NetworkChange
{
    internal DeviceStateChange(string path, string interfaceName, DeviceState newState, DeviceState oldState, DeviceStateReason reason)
        : base(path)
    {
        InterfaceName = interfaceName;
        NewState = newState;
        OldState = oldState;
        Reason = reason;
    }

    /// <summary>The device's interface name, empty when it vanished before it could be read.</summary>
    public string InterfaceName { get; }

    /// <summary>The state it entered.</summary>
    public DeviceState NewState { get; }

    /// <summary>The state it left.</summary>
    public DeviceState OldState { get; }

    /// <summary>Why.</summary>
    public DeviceStateReason Reason { get; }
}
