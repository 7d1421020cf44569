namespace Drivers.DualShock4;

/// <summary>The analog axes whose moves <see cref="Controller.WatchChangesAsync"/> reports.</summary>
public enum ControllerAxis
{
    /// <summary>No axis (the change is not an axis move).</summary>
    None,

    /// <summary>Left stick, horizontal.</summary>
    LeftStickX,

    /// <summary>Left stick, vertical.</summary>
    LeftStickY,

    /// <summary>Right stick, horizontal.</summary>
    RightStickX,

    /// <summary>Right stick, vertical.</summary>
    RightStickY,

    /// <summary>The L2 trigger's analog value.</summary>
    L2,

    /// <summary>The R2 trigger's analog value.</summary>
    R2,
}
