using CsCheck;

namespace Drivers.DualShock4.Tests.Protocol;

/// <summary>CsCheck generators of valid states (every field within what its report bits can hold).</summary>
internal static class Generators
{
    public static readonly Gen<SensorVector> Vector =
        Gen.Select(Gen.Short, Gen.Short, Gen.Short, (x, y, z) => new SensorVector(x, y, z));

    public static readonly Gen<TouchPoint> Touch = Gen.Select(
        Gen.Byte[0, 127], Gen.Bool, Gen.UShort[0, 4095], Gen.UShort[0, 4095],
        (id, active, x, y) => new TouchPoint(id, active, x, y));

    public static readonly Gen<StickPosition> Stick = Gen.Select(Gen.Byte, Gen.Byte, (x, y) => new StickPosition(x, y));

    public static readonly Gen<ControllerState> State = Gen.Select(
        Gen.Enum<ReportFormat>(), Stick, Stick, Gen.Enum<DPadDirection>(), Gen.UShort[0, 0x3FFF],
        Gen.Byte, Gen.Byte, Gen.Byte[0, 63])
        .Select(Gen.UShort, Vector, Vector, Gen.Byte[0, 15], Gen.Bool, Gen.Bool, Touch, Touch,
            (head, timestamp, gyro, accel, battery, cable, noPad, touch1, touch2) =>
            {
                var (format, left, right, dpad, buttons, l2, r2, counter) = head;
                var state = new ControllerState
                {
                    Format = format,
                    LeftStick = left,
                    RightStick = right,
                    DPad = dpad,
                    Buttons = (Buttons)buttons,
                    L2 = l2,
                    R2 = r2,
                    Counter = counter,
                };
                return format == ReportFormat.BluetoothMinimal ? state : state with
                {
                    Timestamp = timestamp,
                    Gyro = gyro,
                    Accelerometer = accel,
                    BatteryLevel = battery,
                    IsCablePlugged = cable,
                    IsAdapterWithoutPad = noPad,
                    Touch1 = touch1,
                    Touch2 = touch2,
                };
            });

    public static readonly Gen<ControllerFeedback> Feedback = Gen.Select(
        Gen.Byte, Gen.Byte, Gen.Byte, Gen.Byte, Gen.Byte, Gen.Byte, Gen.Byte,
        (weak, strong, r, g, b, on, off) => new ControllerFeedback
        {
            WeakRumble = weak,
            StrongRumble = strong,
            Red = r,
            Green = g,
            Blue = b,
            FlashOn = on,
            FlashOff = off,
        });
}
