using System.Buffers.Binary;

namespace Drivers.DualShock4;

/// <summary>Parses DualShock 4 input reports as hidraw returns them (byte 0 is the report ID). Pure, allocation-free.</summary>
/// <remarks>
/// Layouts: Linux hid-playstation (<c>struct dualshock4_input_report_common</c>), psdevwiki DS4-USB and DS4-BT.
/// The common block starts at byte 1 over USB and at byte 3 over Bluetooth.
/// </remarks>
public static class InputReport
{
    /// <summary>Length of the USB input report 0x01.</summary>
    public const int UsbLength = 64;

    /// <summary>Length of the Bluetooth input report 0x11, CRC included.</summary>
    public const int BluetoothLength = 78;

    /// <summary>Length of the minimal Bluetooth input report 0x01.</summary>
    public const int BluetoothMinimalLength = 10;

    /// <summary>The longest report <c>TryParse</c> can accept (a read buffer of this size never truncates one).</summary>
    public const int MaxLength = BluetoothLength;

    internal const byte UsbReportId = 0x01;
    internal const byte BluetoothReportId = 0x11;
    internal const int UsbOffset = 1;
    internal const int BluetoothOffset = 3;

    /// <summary>Parses one report; false (with the reason) when its length, ID or CRC is wrong. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> report, out ControllerState state, out InputReportError error)
    {
        state = default;
        error = Check(report, out var format);
        if (error != InputReportError.None)
        {
            return false;
        }
        state = Decode(report, format);
        return true;
    }

    /// <summary>Parses one report; false when its length, ID or CRC is wrong. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> report, out ControllerState state) => TryParse(report, out state, out _);

    private static InputReportError Check(ReadOnlySpan<byte> report, out ReportFormat format)
    {
        format = default;
        if (report.IsEmpty)
        {
            return InputReportError.Empty;
        }
        switch (report[0])
        {
            case UsbReportId when report.Length == UsbLength:
                format = ReportFormat.Usb;
                return InputReportError.None;
            // Over Bluetooth a pad starts with a short 0x01 report (hid-sony, SDL); anything shorter than
            // the sticks, buttons and triggers, or longer but not the USB 64 bytes, is not a known shape.
            case UsbReportId when report.Length is >= BluetoothMinimalLength and < UsbLength:
                format = ReportFormat.BluetoothMinimal;
                return InputReportError.None;
            case UsbReportId:
                return InputReportError.WrongLength;
            case BluetoothReportId when report.Length != BluetoothLength:
                return InputReportError.WrongLength;
            case BluetoothReportId when (report[1] & 0x80) == 0:
                // Byte 1 bit 7 says "HID data present" (SDL checks the same bit).
                return InputReportError.NoData;
            case BluetoothReportId when !Crc32.IsValid(Crc32.InputSeed, report):
                return InputReportError.BadChecksum;
            case BluetoothReportId:
                format = ReportFormat.Bluetooth;
                return InputReportError.None;
            default:
                return InputReportError.UnknownReportId;
        }
    }

    private static ControllerState Decode(ReadOnlySpan<byte> report, ReportFormat format)
    {
        var common = report[(format == ReportFormat.Bluetooth ? BluetoothOffset : UsbOffset)..];
        var face = common[4];
        var hat = face & 0x0F;
        // The kernel treats every hat value from 8 up as released.
        var dpad = hat >= 8 ? DPadDirection.None : (DPadDirection)(hat + 1);
        var buttons = (Buttons)((face >> 4) | (common[5] << 4) | ((common[6] & 0x03) << 12));
        if (format == ReportFormat.BluetoothMinimal)
        {
            return new ControllerState
            {
                Format = format,
                LeftStick = new StickPosition(common[0], common[1]),
                RightStick = new StickPosition(common[2], common[3]),
                DPad = dpad,
                Buttons = buttons,
                Counter = (byte)(common[6] >> 2),
                L2 = common[7],
                R2 = common[8],
            };
        }

        // One initializer (no 'with' copies): this is the hot path.
        var status = common[29];
        return new ControllerState
        {
            Format = format,
            LeftStick = new StickPosition(common[0], common[1]),
            RightStick = new StickPosition(common[2], common[3]),
            DPad = dpad,
            Buttons = buttons,
            Counter = (byte)(common[6] >> 2),
            L2 = common[7],
            R2 = common[8],
            Timestamp = BinaryPrimitives.ReadUInt16LittleEndian(common[9..]),
            Gyro = ReadVector(common[12..]),
            Accelerometer = ReadVector(common[18..]),
            BatteryLevel = (byte)(status & 0x0F),
            IsCablePlugged = (status & 0x10) != 0,
            IsAdapterWithoutPad = (common[30] & 0x04) != 0,
            // Byte 32 counts touch reports; the first one starts at 33 with its own counter byte, then two points.
            Touch1 = ReadTouch(common[34..]),
            Touch2 = ReadTouch(common[38..]),
        };
    }

    private static SensorVector ReadVector(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadInt16LittleEndian(bytes),
        BinaryPrimitives.ReadInt16LittleEndian(bytes[2..]),
        BinaryPrimitives.ReadInt16LittleEndian(bytes[4..]));

    // Byte 0 bit 7 set means NOT touching (kernel hid-playstation); X and Y are 12 bits each.
    private static TouchPoint ReadTouch(ReadOnlySpan<byte> point) => new(
        (byte)(point[0] & 0x7F),
        (point[0] & 0x80) == 0,
        (ushort)(point[1] | ((point[2] & 0x0F) << 8)),
        (ushort)((point[2] >> 4) | (point[3] << 4)));
}
