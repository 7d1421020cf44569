namespace Drivers.DualShock4;

/// <summary>Formats and parses DualShock 4 output reports: USB 0x05 (32 bytes) and Bluetooth 0x11 (78 bytes with CRC). Pure.</summary>
/// <remarks>
/// Layout: Linux hid-playstation (<c>struct dualshock4_output_report_common</c>), psdevwiki DS4-USB and DS4-BT.
/// A Bluetooth output report without a valid CRC (seed 0xA2) is ignored by the pad (DS4Windows #1248).
/// </remarks>
public static class OutputReport
{
    /// <summary>Length of the USB output report 0x05.</summary>
    public const int UsbLength = 32;

    /// <summary>Length of the Bluetooth output report 0x11, CRC included.</summary>
    public const int BluetoothLength = 78;

    private const byte UsbReportId = 0x05;
    private const byte BluetoothReportId = 0x11;

    // valid_flag0: 0x01 motors, 0x02 lightbar color, 0x04 flash. The kernel always sends motors and lightbar
    // together because "some 3rd party gamepads expect updates to rumble and lightbar together".
    private const byte AllEffects = 0x07;

    // Bluetooth byte 1: 0x80 HID data, 0x40 CRC present, low 6 bits the report interval in ms (the kernel's 4 ms).
    private const byte BluetoothHeader = 0x80 | 0x40 | 4;

    /// <summary>The length of the output report for <paramref name="bus"/>.</summary>
    public static int LengthFor(ConnectionBus bus) => bus == ConnectionBus.Usb ? UsbLength : BluetoothLength;

    /// <summary>Writes the output report for <paramref name="bus"/> into <paramref name="destination"/> and returns its length.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="LengthFor"/>.</exception>
    public static int Write(in ControllerFeedback feedback, ConnectionBus bus, Span<byte> destination)
    {
        var length = LengthFor(bus);
        if (destination.Length < length)
        {
            throw new ArgumentException($"An output report over {bus} needs {length} bytes.", nameof(destination));
        }
        var report = destination[..length];
        report.Clear();
        int offset;
        if (bus == ConnectionBus.Usb)
        {
            report[0] = UsbReportId;
            offset = 1;
        }
        else
        {
            report[0] = BluetoothReportId;
            report[1] = BluetoothHeader;
            offset = 3;
        }
        report[offset] = AllEffects;
        report[offset + 3] = feedback.WeakRumble;
        report[offset + 4] = feedback.StrongRumble;
        report[offset + 5] = feedback.Red;
        report[offset + 6] = feedback.Green;
        report[offset + 7] = feedback.Blue;
        report[offset + 8] = feedback.FlashOn;
        report[offset + 9] = feedback.FlashOff;
        if (bus == ConnectionBus.Bluetooth)
        {
            Crc32.Seal(Crc32.OutputSeed, report);
        }
        return length;
    }

    /// <summary>
    /// Reads an output report as the pad would: false when it is not a USB 0x05 or a Bluetooth 0x11 with a valid CRC.
    /// Fields whose valid flag is not set keep their value from <paramref name="previous"/>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> report, in ControllerFeedback previous, out ControllerFeedback feedback)
    {
        feedback = previous;
        int offset;
        if (report.Length == UsbLength && report[0] == UsbReportId)
        {
            offset = 1;
        }
        else if (report.Length == BluetoothLength && report[0] == BluetoothReportId && Crc32.IsValid(Crc32.OutputSeed, report))
        {
            offset = 3;
        }
        else
        {
            return false;
        }
        var flags = report[offset];
        if ((flags & 0x01) != 0)
        {
            feedback = feedback with { WeakRumble = report[offset + 3], StrongRumble = report[offset + 4] };
        }
        if ((flags & 0x02) != 0)
        {
            feedback = feedback with { Red = report[offset + 5], Green = report[offset + 6], Blue = report[offset + 7] };
        }
        if ((flags & 0x04) != 0)
        {
            feedback = feedback with { FlashOn = report[offset + 8], FlashOff = report[offset + 9] };
        }
        return true;
    }
}
