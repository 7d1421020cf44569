namespace Drivers.DualShock4;

/// <summary>The hidraw node or the LED files exist but this user may not open them (EACCES).</summary>
public sealed class ControllerAccessDeniedException : DualShock4Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public ControllerAccessDeniedException(string path)
        : base($"Permission denied on {path}. Install the udev rule shipped with the Drivers.DualShock4 package (udev/70-dualshock4.rules) and reconnect the controller, or run as root.")
    {
        Path = path;
    }

    /// <summary>The path that could not be opened.</summary>
    public string Path { get; }
}
