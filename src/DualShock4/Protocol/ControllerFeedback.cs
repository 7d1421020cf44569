namespace Drivers.DualShock4;

/// <summary>What the host tells the pad in one output report: rumble, lightbar color and flashing.</summary>
/// <remarks>The pad keeps the last values it received, so every output report carries all of them (as the Linux driver does).</remarks>
public readonly record struct ControllerFeedback
{
    /// <summary>The weak (small, fast) motor, 0 to 255 (the report's motor_right).</summary>
    public byte WeakRumble { get; init; }

    /// <summary>The strong (big, slow) motor, 0 to 255 (the report's motor_left).</summary>
    public byte StrongRumble { get; init; }

    /// <summary>Lightbar red, 0 to 255.</summary>
    public byte Red { get; init; }

    /// <summary>Lightbar green, 0 to 255.</summary>
    public byte Green { get; init; }

    /// <summary>Lightbar blue, 0 to 255.</summary>
    public byte Blue { get; init; }

    /// <summary>Flash: time lit per cycle in 10 ms units (255 = 2.55 s); 0 with <see cref="FlashOff"/> 0 means steady light.</summary>
    public byte FlashOn { get; init; }

    /// <summary>Flash: time dark per cycle in 10 ms units (255 = 2.55 s).</summary>
    public byte FlashOff { get; init; }

    /// <summary>True when the lightbar is set to flash.</summary>
    public bool IsFlashing => FlashOn != 0 || FlashOff != 0;

    /// <summary>Converts a duration to the report's 10 ms flash units, rounding and clamping to 0..255.</summary>
    public static byte ToFlashUnits(TimeSpan duration) =>
        (byte)Math.Clamp(Math.Round(duration.TotalMilliseconds / 10, MidpointRounding.AwayFromZero), 0, 255);
}
