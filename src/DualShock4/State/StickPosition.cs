namespace Drivers.DualShock4;

/// <summary>A stick position as the report gives it: 0 is left/up, about 128 is the center, 255 is right/down.</summary>
/// <param name="X">Horizontal, 0 (left) to 255 (right).</param>
/// <param name="Y">Vertical, 0 (up) to 255 (down).</param>
public readonly record struct StickPosition(byte X, byte Y)
{
    /// <summary>The resting position the simulator uses (128, 128).</summary>
    public static StickPosition Center => new(128, 128);
}
