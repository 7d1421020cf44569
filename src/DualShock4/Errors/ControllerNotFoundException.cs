namespace Drivers.DualShock4;

/// <summary>No DualShock 4 was found, or the chosen one is not there.</summary>
public sealed class ControllerNotFoundException : DualShock4Exception
{
    /// <summary>Creates the exception.</summary>
    public ControllerNotFoundException(string message)
        : base(message)
    {
    }
}
