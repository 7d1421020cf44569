using Drivers.NetworkManager.Devices;

namespace Drivers.NetworkManager;

/// <summary>A connection was accepted by NetworkManager but did not come up, for a reason other than the password.</summary>
public sealed class ActivationFailedException : NetworkManagerException
{
    /// <summary>Creates the exception for the connection <paramref name="connectionId"/>.</summary>
    public ActivationFailedException(string connectionId, DeviceStateReason reason)
        : base($"The connection '{connectionId}' failed to come up ({(uint)reason}, {Protocol.ActivationRules.Describe(reason)}).")
    {
        ConnectionId = connectionId;
        Reason = reason;
    }

    /// <summary>The connection's name.</summary>
    public string ConnectionId { get; }

    /// <summary>NetworkManager's state reason.</summary>
    public DeviceStateReason Reason { get; }
}
