namespace Drivers.DualShock4.Simulation;

/// <summary>A scripted motion: the controller's state as a function of time, for simulations and recordings.</summary>
public sealed class Motion
{
    private readonly Func<TimeSpan, ControllerState> _stateAt;

    private Motion(Func<TimeSpan, ControllerState> stateAt) => _stateAt = stateAt;

    /// <summary>
    /// A two-second demonstration: the left stick circles once a second, L2 then R2 are squeezed and released,
    /// Cross, Circle, Square and Triangle are pressed in turn, the d-pad goes round, a finger swipes across the
    /// touchpad, and the pad rocks left and right (accelerometer and gyro agree).
    /// </summary>
    public static Motion Demo { get; } = new(DemoState);

    /// <summary>A motion from a function of time (time counts from the start of the motion).</summary>
    public static Motion Create(Func<TimeSpan, ControllerState> stateAt)
    {
        ArgumentNullException.ThrowIfNull(stateAt);
        return new Motion(stateAt);
    }

    /// <summary>The state at <paramref name="time"/> after the start.</summary>
    public ControllerState StateAt(TimeSpan time) => _stateAt(time);

    private static ControllerState DemoState(TimeSpan time)
    {
        var t = time.TotalSeconds;
        var turn = 2 * Math.PI * t;
        var buttons = Buttons.None;
        Buttons[] faces = [Buttons.Cross, Buttons.Circle, Buttons.Square, Buttons.Triangle];
        if (t is >= 0.2 and < 1.0)
        {
            buttons |= faces[(int)((t - 0.2) / 0.2)];
        }
        DPadDirection[] round = [DPadDirection.Up, DPadDirection.Right, DPadDirection.Down, DPadDirection.Left];
        var dpad = t is >= 1.0 and < 1.8 ? round[(int)((t - 1.0) / 0.2)] : DPadDirection.None;

        // Each trigger rises to full and falls back within one second: L2 first, then R2.
        static byte Squeeze(double s) => s is < 0 or >= 1 ? (byte)0 : (byte)Math.Round(255 * (1 - Math.Abs((2 * s) - 1)));
        var l2 = Squeeze(t);
        var r2 = Squeeze(t - 1);
        // The digital bit follows the analog value past a small threshold.
        if (l2 > 20)
        {
            buttons |= Buttons.L2;
        }
        if (r2 > 20)
        {
            buttons |= Buttons.R2;
        }

        // Rocking: roll angle 0.5 rad × sin(πt); gravity splits between X and Y; the gyro's roll rate is its derivative
        // at about 16 LSB per °/s.
        var angle = 0.5 * Math.Sin(Math.PI * t);
        var rate = 0.5 * Math.PI * Math.Cos(Math.PI * t) * 180 / Math.PI;
        var touching = t is >= 1.2 and < 1.8;
        return ControllerState.Neutral(ReportFormat.Usb) with
        {
            LeftStick = new StickPosition((byte)Math.Round(128 + (100 * Math.Cos(turn))), (byte)Math.Round(128 + (100 * Math.Sin(turn)))),
            RightStick = new StickPosition((byte)Math.Round(128 + (60 * Math.Sin(turn / 2))), 128),
            Buttons = buttons,
            DPad = dpad,
            L2 = l2,
            R2 = r2,
            Gyro = new SensorVector(0, 0, (short)Math.Round(rate * 16)),
            Accelerometer = new SensorVector((short)Math.Round(8192 * Math.Sin(angle)), (short)Math.Round(8192 * Math.Cos(angle)), 0),
            Touch1 = touching
                ? new TouchPoint(1, true, (ushort)Math.Round(200 + ((t - 1.2) / 0.6 * 1500)), 470)
                : new TouchPoint(1, false, 0, 0),
        };
    }
}
