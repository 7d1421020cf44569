namespace Drivers.NetworkManager;

/// <summary>No such Wi-Fi network, device or saved profile.</summary>
public sealed class NetworkNotFoundException : NetworkManagerException
{
    /// <summary>Creates the exception with a message naming what is missing.</summary>
    public NetworkNotFoundException(string message)
        : base(message)
    {
    }
}
