namespace Drivers.DualShock4;

/// <summary>The base of every error this package raises about a controller.</summary>
public abstract class DualShock4Exception : Exception
{
    /// <summary>Creates the exception with a message that says what happened and what to do.</summary>
    protected DualShock4Exception(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
