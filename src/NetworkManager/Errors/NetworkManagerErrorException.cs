namespace Drivers.NetworkManager;

/// <summary>NetworkManager (or the bus) answered a call with a D-Bus error, e.g. <c>org.freedesktop.NetworkManager.PermissionDenied</c>.</summary>
public sealed class NetworkManagerErrorException : NetworkManagerException
{
    /// <summary>Creates the exception from a D-Bus error name and NetworkManager's message.</summary>
    public NetworkManagerErrorException(string errorName, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorName = errorName;
    }

    /// <summary>The D-Bus error name, e.g. <c>org.freedesktop.NetworkManager.Device.NotActive</c>.</summary>
    public string ErrorName { get; }
}
