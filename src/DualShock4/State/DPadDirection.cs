namespace Drivers.DualShock4;

/// <summary>The d-pad (the report's hat switch): released or one of eight directions.</summary>
public enum DPadDirection
{
    /// <summary>Nothing pressed (hat value 8 or more).</summary>
    None = 0,

    /// <summary>Up (hat value 0).</summary>
    Up,

    /// <summary>Up and right (hat value 1).</summary>
    UpRight,

    /// <summary>Right (hat value 2).</summary>
    Right,

    /// <summary>Down and right (hat value 3).</summary>
    DownRight,

    /// <summary>Down (hat value 4).</summary>
    Down,

    /// <summary>Down and left (hat value 5).</summary>
    DownLeft,

    /// <summary>Left (hat value 6).</summary>
    Left,

    /// <summary>Up and left (hat value 7).</summary>
    UpLeft,
}
