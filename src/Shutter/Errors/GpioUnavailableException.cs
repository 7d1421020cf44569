namespace Drivers.Shutter;

/// <summary>
/// No usable GPIO chip was found or opened: the machine has no GPIO, /sys is not mounted, or neither
/// libgpiod v1 (libgpiod.so.2) nor v2 (libgpiod.so.3) could drive the chip.
/// </summary>
public sealed class GpioUnavailableException : ShutterException
{
    /// <summary>Creates the exception.</summary>
    public GpioUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>The GPIO chip number that was tried (the N of /dev/gpiochipN), or null when none was found.</summary>
    public int? Chip { get; init; }
}
