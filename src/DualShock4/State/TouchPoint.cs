namespace Drivers.DualShock4;

/// <summary>One finger on the touchpad.</summary>
/// <param name="Id">The tracking id (7 bits), which grows with every new touch.</param>
/// <param name="IsActive">True while the finger touches the pad.</param>
/// <param name="X">Horizontal position, 0 to 1919 (12 bits).</param>
/// <param name="Y">Vertical position, 0 to about 942 (12 bits).</param>
public readonly record struct TouchPoint(byte Id, bool IsActive, ushort X, ushort Y);
