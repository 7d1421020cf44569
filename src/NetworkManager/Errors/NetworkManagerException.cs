namespace Drivers.NetworkManager;

/// <summary>The base of every error this package throws; the leaves say what went wrong and carry NetworkManager's own code.</summary>
public abstract class NetworkManagerException : Exception
{
    /// <summary>Creates the exception with a message that says what happened and what to do.</summary>
    protected NetworkManagerException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
