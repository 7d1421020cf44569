using System.Buffers.Binary;

namespace Drivers.DualShock4.Simulation;

/// <summary>Writes the input report a real pad would send for a state: the exact inverse of <see cref="InputReport.TryParse(ReadOnlySpan{byte}, out ControllerState)"/>.</summary>
/// <remarks>
/// Bytes the state does not describe are written as an idle genuine pad sends them: zero, except the Bluetooth
/// header (0xC0 0x00) and the "not touching" bit of each unused touch point in the later touch reports.
/// </remarks>
public static class InputReportWriter
{
    /// <summary>The length of a report of <paramref name="format"/>.</summary>
    public static int LengthFor(ReportFormat format) => format switch
    {
        ReportFormat.Usb => InputReport.UsbLength,
        ReportFormat.Bluetooth => InputReport.BluetoothLength,
        _ => InputReport.BluetoothMinimalLength,
    };

    /// <summary>Writes <paramref name="state"/> as a report of its <see cref="ControllerState.Format"/> and returns the report's length.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short for the format.</exception>
    public static int Write(in ControllerState state, Span<byte> destination)
    {
        var length = LengthFor(state.Format);
        if (destination.Length < length)
        {
            throw new ArgumentException($"A {state.Format} report needs {length} bytes.", nameof(destination));
        }
        var report = destination[..length];
        report.Clear();
        Span<byte> common;
        if (state.Format == ReportFormat.Bluetooth)
        {
            report[0] = InputReport.BluetoothReportId;
            report[1] = 0xC0; // HID data and CRC present, as captures show
            common = report[InputReport.BluetoothOffset..^4];
        }
        else
        {
            report[0] = InputReport.UsbReportId;
            common = report[InputReport.UsbOffset..];
        }

        common[0] = state.LeftStick.X;
        common[1] = state.LeftStick.Y;
        common[2] = state.RightStick.X;
        common[3] = state.RightStick.Y;
        var buttons = (int)state.Buttons;
        var hat = state.DPad == DPadDirection.None ? 8 : (int)state.DPad - 1;
        common[4] = (byte)(hat | ((buttons & 0x0F) << 4));
        common[5] = (byte)(buttons >> 4);
        common[6] = (byte)(((buttons >> 12) & 0x03) | ((state.Counter & 0x3F) << 2));
        common[7] = state.L2;
        common[8] = state.R2;
        if (state.Format == ReportFormat.BluetoothMinimal)
        {
            return length;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(common[9..], state.Timestamp);
        WriteVector(common[12..], state.Gyro);
        WriteVector(common[18..], state.Accelerometer);
        common[29] = (byte)((state.BatteryLevel & 0x0F) | (state.IsCablePlugged ? 0x10 : 0));
        common[30] = state.IsAdapterWithoutPad ? (byte)0x04 : (byte)0;
        common[32] = state.Touch1.IsActive || state.Touch2.IsActive ? (byte)1 : (byte)0;
        WriteTouch(common[34..], state.Touch1);
        WriteTouch(common[38..], state.Touch2);
        // The later touch reports hold idle points ("not touching"). Over USB the idle pattern runs on into the
        // last three bytes, as the published captures of im-0/random-things ds4dump show; over Bluetooth bytes
        // 72-73 stay reserved.
        var end = state.Format == ReportFormat.Usb ? 63 : 69;
        for (var touchReport = 33 + 9; touchReport + 1 < end; touchReport += 9)
        {
            common[touchReport + 1] = 0x80;
            if (touchReport + 5 < end)
            {
                common[touchReport + 5] = 0x80;
            }
        }
        if (state.Format == ReportFormat.Bluetooth)
        {
            Crc32.Seal(Crc32.InputSeed, report);
        }
        return length;
    }

    /// <summary>Writes <paramref name="state"/> as a new array (convenient in tests and tools; the span overload allocates nothing).</summary>
    public static byte[] ToArray(in ControllerState state)
    {
        var report = new byte[LengthFor(state.Format)];
        Write(state, report);
        return report;
    }

    private static void WriteVector(Span<byte> bytes, SensorVector vector)
    {
        BinaryPrimitives.WriteInt16LittleEndian(bytes, vector.X);
        BinaryPrimitives.WriteInt16LittleEndian(bytes[2..], vector.Y);
        BinaryPrimitives.WriteInt16LittleEndian(bytes[4..], vector.Z);
    }

    private static void WriteTouch(Span<byte> point, TouchPoint touch)
    {
        point[0] = (byte)((touch.Id & 0x7F) | (touch.IsActive ? 0 : 0x80));
        point[1] = (byte)touch.X;
        point[2] = (byte)(((touch.X >> 8) & 0x0F) | ((touch.Y & 0x0F) << 4));
        point[3] = (byte)(touch.Y >> 4);
    }
}
