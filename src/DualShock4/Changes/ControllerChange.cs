namespace Drivers.DualShock4;

/// <summary>One change between controller states: a button down or up, a d-pad direction, or an axis moved beyond the dead zone.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="Button">The button, for <see cref="ChangeKind.ButtonDown"/> and <see cref="ChangeKind.ButtonUp"/>.</param>
/// <param name="DPad">The new d-pad direction, for <see cref="ChangeKind.DPadChanged"/>.</param>
/// <param name="Axis">The axis, for <see cref="ChangeKind.AxisMoved"/>.</param>
/// <param name="Value">The axis' new raw value (0 to 255), for <see cref="ChangeKind.AxisMoved"/>.</param>
/// <param name="State">The whole state in which the change was seen.</param>
public readonly record struct ControllerChange(
    ChangeKind Kind, Buttons Button, DPadDirection DPad, ControllerAxis Axis, byte Value, ControllerState State);
