namespace Drivers.Shutter;

/// <summary>The base of every error the Shutter package raises about the GPIO hardware it drives.</summary>
public abstract class ShutterException : Exception
{
    /// <summary>Creates the exception with a message that says what happened and what to do next.</summary>
    protected ShutterException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
