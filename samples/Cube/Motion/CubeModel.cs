using Drivers.DualShock4;

namespace Cube.Motion;

/// <summary>One state of the cube, sent to the page as a server-sent <c>frame</c> event.</summary>
/// <param name="Seq">Counts the reports since the server started.</param>
/// <param name="SentAt">When the report entered the server, in milliseconds since 1970 (see <see cref="WallClock"/>).</param>
/// <param name="Roll">Turn about the viewer's axis, radians (positive: counterclockwise as seen).</param>
/// <param name="Pitch">Turn about the horizontal axis, radians (positive: the top comes toward the viewer).</param>
/// <param name="Yaw">Turn about the vertical axis from L2 and R2, radians (positive: the front turns right).</param>
/// <param name="X">Shift from the touchpad, −1 (left edge) to 1 (right edge).</param>
/// <param name="Y">Shift from the touchpad, −1 (bottom edge) to 1 (top edge).</param>
/// <param name="Color">The cube's color, <c>#rrggbb</c>.</param>
/// <param name="L2">The left trigger, 0 (released) to 255.</param>
/// <param name="R2">The right trigger, 0 (released) to 255.</param>
/// <param name="Touching">True while a finger is on the touchpad.</param>
internal sealed record Frame(long Seq, double SentAt, float Roll, float Pitch, float Yaw, float X, float Y, string Color, byte L2, byte R2, bool Touching);

/// <summary>
/// Turns controller states into cube frames: tilt (filtered) rolls and pitches it, L2 and R2 turn it about the vertical
/// axis at a rate in proportion to how far they are pressed, a finger on the touchpad places it, and a face button
/// colors it. Used by one reader at a time.
/// </summary>
internal sealed class CubeModel
{
    /// <summary>The turn rate with one trigger fully pressed: half a turn a second.</summary>
    public const float YawRadiansPerSecond = MathF.PI;

    // The touchpad reports 0-1919 across and 0-942 down (psdevwiki "DS4-USB", bytes 35-42).
    private const float TouchWidth = 1919;
    private const float TouchHeight = 942;

    // The sensor clock counts 16/3 µs per tick and wraps at 16 bits (about 350 ms); a gap longer than this is a
    // pause (a replay looping, a pad reconnecting), not motion to integrate.
    private static readonly TimeSpan LongestStep = TimeSpan.FromMilliseconds(50);

    private readonly Attitude _attitude = new();
    private ushort? _lastTimestamp;
    private Buttons _lastButtons;
    private long _seq;
    private float _yaw;
    private float _x;
    private float _y;
    private Rgb _color = CubeColors.Start;
    private string _css = CubeColors.Start.Css; // formatted once per change, not once per report

    /// <summary>The cube's color now.</summary>
    public Rgb Color => _color;

    /// <summary>Forgets the sensor clock, as when another pad (or the same, replugged) starts sending.</summary>
    public void Restart()
    {
        _lastTimestamp = null;
        _lastButtons = Buttons.None;
    }

    /// <summary>Sets the color (from the page); the next frame carries it.</summary>
    public void SetColor(Rgb color) => (_color, _css) = (color, color.Css);

    /// <summary>Adds one state; <paramref name="colorChanged"/> says whether a face button changed the color.</summary>
    public Frame Apply(in ControllerState state, MotionCalibration calibration, double sentAt, out bool colorChanged)
    {
        var elapsed = TimeSpan.Zero;
        if (_lastTimestamp is ushort last)
        {
            var step = TimeSpan.FromMicroseconds((ushort)(state.Timestamp - last) * 16.0 / 3);
            elapsed = step <= LongestStep ? step : TimeSpan.Zero;
        }
        _lastTimestamp = state.Timestamp;

        _attitude.Update(calibration.Acceleration(state), calibration.AngularVelocity(state), elapsed);
        _yaw += (state.R2 - state.L2) / 255f * YawRadiansPerSecond * (float)elapsed.TotalSeconds;
        _yaw = MathF.IEEERemainder(_yaw, 2 * MathF.PI);
        if (state.Touch1.IsActive)
        {
            _x = Math.Clamp((state.Touch1.X / TouchWidth * 2) - 1, -1, 1);
            _y = Math.Clamp(1 - (state.Touch1.Y / TouchHeight * 2), -1, 1);
        }

        colorChanged = false;
        if (CubeColors.ForNewPresses(_lastButtons, state.Buttons) is Rgb pressed && pressed != _color)
        {
            (_color, _css) = (pressed, pressed.Css);
            colorChanged = true;
        }
        _lastButtons = state.Buttons;
        return new Frame(++_seq, sentAt, _attitude.Roll, _attitude.Pitch, _yaw, _x, _y, _css, state.L2, state.R2, state.Touch1.IsActive);
    }
}
