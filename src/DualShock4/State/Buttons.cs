namespace Drivers.DualShock4;

/// <summary>The controller's buttons as flags (the d-pad is <see cref="DPadDirection"/>).</summary>
/// <remarks>The bit order follows the report: the four face buttons, then L1 to R3, then PS and the touchpad click.</remarks>
[Flags]
public enum Buttons : ushort
{
    /// <summary>No button pressed.</summary>
    None = 0,

    /// <summary>Square.</summary>
    Square = 1 << 0,

    /// <summary>Cross.</summary>
    Cross = 1 << 1,

    /// <summary>Circle.</summary>
    Circle = 1 << 2,

    /// <summary>Triangle.</summary>
    Triangle = 1 << 3,

    /// <summary>L1.</summary>
    L1 = 1 << 4,

    /// <summary>R1.</summary>
    R1 = 1 << 5,

    /// <summary>L2 pressed past its digital threshold (the analog value is <see cref="ControllerState.L2"/>).</summary>
    L2 = 1 << 6,

    /// <summary>R2 pressed past its digital threshold (the analog value is <see cref="ControllerState.R2"/>).</summary>
    R2 = 1 << 7,

    /// <summary>Share.</summary>
    Share = 1 << 8,

    /// <summary>Options.</summary>
    Options = 1 << 9,

    /// <summary>L3 (left stick pressed).</summary>
    L3 = 1 << 10,

    /// <summary>R3 (right stick pressed).</summary>
    R3 = 1 << 11,

    /// <summary>The PS button.</summary>
    PS = 1 << 12,

    /// <summary>The touchpad pressed down (a click, not a touch).</summary>
    Touchpad = 1 << 13,
}
