using System.Text.Json.Serialization;
using Drivers.DualShock4;

namespace Ds4;

/// <summary>A decoded state as decode and monitor --json print it (see README.md): raw values, only pressed buttons, the first touch report's two points.</summary>
internal sealed record StateJson(
    string Transport,
    AxisJson LeftStick,
    AxisJson RightStick,
    int L2,
    int R2,
    string Dpad,
    IReadOnlyList<string> Buttons,
    int Counter,
    int Timestamp,
    VectorJson Gyro,
    VectorJson Accel,
    BatteryJson Battery,
    IReadOnlyList<TouchJson> Touch)
{
    private static readonly (Buttons Button, string Name)[] Names =
    [
        (Drivers.DualShock4.Buttons.Square, "square"), (Drivers.DualShock4.Buttons.Cross, "cross"), (Drivers.DualShock4.Buttons.Circle, "circle"),
        (Drivers.DualShock4.Buttons.Triangle, "triangle"), (Drivers.DualShock4.Buttons.L1, "l1"), (Drivers.DualShock4.Buttons.R1, "r1"),
        (Drivers.DualShock4.Buttons.L2, "l2"), (Drivers.DualShock4.Buttons.R2, "r2"), (Drivers.DualShock4.Buttons.Share, "share"),
        (Drivers.DualShock4.Buttons.Options, "options"), (Drivers.DualShock4.Buttons.L3, "l3"), (Drivers.DualShock4.Buttons.R3, "r3"),
        (Drivers.DualShock4.Buttons.PS, "ps"), (Drivers.DualShock4.Buttons.Touchpad, "touchpad"),
    ];

    public static StateJson From(in ControllerState state)
    {
        var pressed = state.Buttons;
        return new(
            state.Bus == ConnectionBus.Usb ? "usb" : "bluetooth",
            new AxisJson(state.LeftStick.X, state.LeftStick.Y),
            new AxisJson(state.RightStick.X, state.RightStick.Y),
            state.L2,
            state.R2,
            DPadName(state.DPad),
            [.. Names.Where(n => (pressed & n.Button) != 0).Select(n => n.Name)],
            state.Counter,
            state.Timestamp,
            new VectorJson(state.Gyro.X, state.Gyro.Y, state.Gyro.Z),
            new VectorJson(state.Accelerometer.X, state.Accelerometer.Y, state.Accelerometer.Z),
            new BatteryJson(state.BatteryPercent, state.BatteryLevel, state.IsCablePlugged),
            [TouchJson.From(state.Touch1), TouchJson.From(state.Touch2)]);
    }

    public static string DPadName(DPadDirection direction) => direction switch
    {
        DPadDirection.Up => "up",
        DPadDirection.UpRight => "up-right",
        DPadDirection.Right => "right",
        DPadDirection.DownRight => "down-right",
        DPadDirection.Down => "down",
        DPadDirection.DownLeft => "down-left",
        DPadDirection.Left => "left",
        DPadDirection.UpLeft => "up-left",
        _ => "none",
    };
}

internal sealed record AxisJson(int X, int Y);

internal sealed record VectorJson(int X, int Y, int Z);

/// <summary>The battery: <c>percent</c> as the text output and the Linux driver show it, <c>level</c> the raw 0-11 (on cable) or 0-10 value it comes from.</summary>
internal sealed record BatteryJson(int Percent, int Level, bool Cable);

internal sealed record TouchJson(int Id, bool Active, int X, int Y)
{
    public static TouchJson From(TouchPoint point) => new(point.Id, point.IsActive, point.X, point.Y);
}

/// <summary>One controller as <c>ds4 list --json</c> prints it.</summary>
internal sealed record ControllerJson(string Device, string Bus, string Model, string? Mac, string Name)
{
    public static ControllerJson From(ControllerInfo info) => new(
        info.DevicePath,
        info.Bus == ConnectionBus.Usb ? "usb" : "bluetooth",
        info.Model switch
        {
            ControllerModel.DualShock4V1 => "dualshock4-v1",
            ControllerModel.DualShock4V2 => "dualshock4-v2",
            _ => "wireless-adapter",
        },
        info.MacAddress,
        info.Name);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StateJson))]
[JsonSerializable(typeof(IReadOnlyList<ControllerJson>))]
internal sealed partial class Ds4Json : JsonSerializerContext;
