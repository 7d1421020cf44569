namespace Drivers.DualShock4;

/// <summary>What a <see cref="ControllerChange"/> reports.</summary>
public enum ChangeKind
{
    /// <summary>A button went down (<see cref="ControllerChange.Button"/>).</summary>
    ButtonDown,

    /// <summary>A button came up (<see cref="ControllerChange.Button"/>).</summary>
    ButtonUp,

    /// <summary>The d-pad changed direction (<see cref="ControllerChange.DPad"/>, <see cref="DPadDirection.None"/> when released).</summary>
    DPadChanged,

    /// <summary>A stick axis or trigger moved beyond the dead zone (<see cref="ControllerChange.Axis"/>, <see cref="ControllerChange.Value"/>).</summary>
    AxisMoved,
}
