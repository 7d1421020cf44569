using Microsoft.Extensions.Logging;

namespace Drivers.Shutter;

/// <summary>How the camera is wired and how long its lines are held. Checked by <see cref="ShutterRelease.Open(ShutterOptions)"/>.</summary>
public sealed class ShutterOptions
{
    /// <summary>The longest pulse a shot may hold the shutter line.</summary>
    internal static readonly TimeSpan LongestPulse = TimeSpan.FromMinutes(1);

    /// <summary>The longest the focus line may be closed before the shutter line.</summary>
    internal static readonly TimeSpan LongestFocus = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The shutter line (BCM number, as System.Device.Gpio 4.x numbers lines), from 0 to the chip's last
    /// line. Default: 18, physical header pin 12 on every 40-pin Raspberry Pi.
    /// </summary>
    public int ShutterPin { get; init; } = 18;

    /// <summary>The focus (half-press) line (BCM number), different from <see cref="ShutterPin"/>. Default: null, only the shutter is wired.</summary>
    public int? FocusPin { get; init; }

    /// <summary>How long a shot holds the shutter line closed; more than zero, at most a minute (cameras need 10 to 100 ms). Default: 150 ms.</summary>
    public TimeSpan PulseDuration { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>How long the focus line is closed before the shutter line; zero to ten seconds; ignored when no <see cref="FocusPin"/> is wired. Default: zero.</summary>
    public TimeSpan FocusDuration { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// The GPIO chip (the N of /dev/gpiochipN) to open, or null to find the header's chip by its label
    /// (pinctrl-rp1 on a Raspberry Pi 5, pinctrl-bcm2711 on a Pi 4, pinctrl-bcm2835 on older models). Default: null.
    /// </summary>
    public int? Chip { get; init; }

    /// <summary>Where sysfs is mounted, for finding the chip (tests point it at a fake tree). Default: "/sys".</summary>
    public string SysfsRoot { get; init; } = "/sys";

    /// <summary>The clock for shots and schedules. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where to log (a line released on exit, a line that could not be released). Default: null, nothing is logged.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first property out of range; the pins' upper bound is checked on the opened chip.</summary>
    internal void Validate()
    {
        OptionCheck.That<ShutterOptions>(ShutterPin >= 0, nameof(ShutterPin), "must be a line number (BCM) of 0 or more", ShutterPin);
        if (FocusPin is int focusPin)
        {
            OptionCheck.That<ShutterOptions>(focusPin >= 0, nameof(FocusPin), "must be a line number (BCM) of 0 or more, or null", focusPin);
            OptionCheck.That<ShutterOptions>(focusPin != ShutterPin, nameof(FocusPin), "must be a different line from ShutterPin", focusPin);
        }
        OptionCheck.That<ShutterOptions>(PulseDuration > TimeSpan.Zero && PulseDuration <= LongestPulse, nameof(PulseDuration), "must be more than zero and at most 1 minute", PulseDuration);
        OptionCheck.That<ShutterOptions>(FocusDuration >= TimeSpan.Zero && FocusDuration <= LongestFocus, nameof(FocusDuration), "must be between zero and 10 seconds", FocusDuration);
        OptionCheck.That<ShutterOptions>(Chip is null or >= 0, nameof(Chip), "must be a chip number of 0 or more, or null", Chip);
        OptionCheck.That<ShutterOptions>(!string.IsNullOrWhiteSpace(SysfsRoot), nameof(SysfsRoot), "must be a directory such as /sys", SysfsRoot);
        OptionCheck.That<ShutterOptions>(TimeProvider is not null, nameof(TimeProvider), "must not be null", null);
    }

    /// <summary>Checks the pins against the lines the opened chip has.</summary>
    internal void ValidatePins(int pinCount)
    {
        OptionCheck.That<ShutterOptions>(ShutterPin < pinCount, nameof(ShutterPin), $"must be a line of the GPIO chip, 0 to {pinCount - 1}", ShutterPin);
        OptionCheck.That<ShutterOptions>(FocusPin is not int focusPin || focusPin < pinCount, nameof(FocusPin), $"must be a line of the GPIO chip, 0 to {pinCount - 1}", FocusPin);
    }
}
