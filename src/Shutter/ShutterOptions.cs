using Microsoft.Extensions.Logging;

namespace Drivers.Shutter;

/// <summary>How the camera is wired and how long its lines are held.</summary>
public sealed class ShutterOptions
{
    /// <summary>
    /// The shutter line (BCM number, as System.Device.Gpio 4.x numbers lines). The default, 18, is
    /// physical header pin 12 on every 40-pin Raspberry Pi.
    /// </summary>
    public int ShutterPin { get; init; } = 18;

    /// <summary>The focus (half-press) line, or null when only the shutter is wired.</summary>
    public int? FocusPin { get; init; }

    /// <summary>How long a shot holds the shutter line closed; 150 ms by default (cameras need 10 to 100 ms).</summary>
    public TimeSpan PulseDuration { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>How long the focus line is closed before the shutter line; zero by default. Needs <see cref="FocusPin"/>.</summary>
    public TimeSpan FocusDuration { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// The GPIO chip (the N of /dev/gpiochipN) to open, or null to find the header's chip by its label
    /// (pinctrl-rp1 on a Raspberry Pi 5, pinctrl-bcm2711 on a Pi 4, pinctrl-bcm2835 on older models).
    /// </summary>
    public int? Chip { get; init; }

    /// <summary>Where sysfs is mounted, for finding the chip; "/sys" by default (tests point it at a fake tree).</summary>
    public string SysfsRoot { get; init; } = "/sys";

    /// <summary>The clock for shots and schedules; <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where to log (line released on exit, frames skipped); nothing is logged when null.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
