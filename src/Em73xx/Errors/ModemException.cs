namespace Drivers.Em73xx;

/// <summary>The base of every error this package raises about the modem.</summary>
public abstract class ModemException : Exception
{
    /// <summary>Creates the exception with a message that says what happened and what to do.</summary>
    protected ModemException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
