namespace Drivers.DualShock4.Tests.Protocol;

/// <summary>Reports published by other projects, with where they come from.</summary>
internal static class KnownReports
{
    /// <summary>
    /// USB input reports 0x01 of a Chinese DS4 clone (054c:05c4) captured by im-0, "Chinese clone #1",
    /// https://github.com/im-0/random-things/blob/master/ds4dump/README.md (base64 as published).
    /// </summary>
    public static readonly string[] CloneUsbReports =
    [
        "AYCAgIAIAMwAAHMTAOn/+f/t/1QA8h5PBQAAAAAAGwAAAACAAAAAgAAAAACAAAAAgAAAAACAAAAAgAAAAACAAA==",
        "AYCAgIAIANQAAF8WAOr/+f/v/0QAhh+FBQAAAAAAGwAAAACAAAAAgAAAAACAAAAAgAAAAACAAAAAgAAAAACAAA==",
        "AYCAgIAIAAQAAOcnAO3/+P/r/14ARB9sBQAAAAAAGwAAAACAAAAAgAAAAACAAAAAgAAAAACAAAAAgAAAAACAAA==",
    ];

    /// <summary>
    /// USB input report of the second clone in the same README ("causes kernel crash in 5.10.12"): timestamp and
    /// counter always 0.
    /// </summary>
    public const string SecondCloneUsbReport =
        "AYCAgIAIAAAAAPQEAP3/BwDv/zP4Ex7qBQAAAAAAGgAAAACAAAAAgAAAAACAAAAAgAAAAACAAAAAgAAAAACAAA==";

    /// <summary>Feature report 0x02 (USB IMU calibration) of clone #1 in the same README.</summary>
    public const string CloneUsbCalibration = "AgAAAAAAAH0i3N19ItzdfSLc3RwCHAIAIADgACAA4AAgAOAHAA==";

    /// <summary>
    /// A Bluetooth input report 0x11 with its CRC-32, from GIMX (Mathieu Laurendeau), https://github.com/matlo/GIMX,
    /// <c>connectors/btds4.c</c>, <c>assemble_input_11</c>, without the leading 0xA1 transaction header that
    /// hidraw strips (the header is the CRC seed).
    /// </summary>
    public static readonly byte[] GimxBluetoothReport =
    [
        0x11, 0xc0, 0x00, 0x7d, 0x7d, 0x81, 0x7e,
        0x08, 0x00, 0x28, 0x00, 0x00, 0x8c, 0xf3, 0x01,
        0x13, 0x00, 0xf8, 0xff, 0x05, 0x00, 0x31, 0xfe,
        0x3f, 0x0f, 0xd1, 0xe3, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x09, 0x00, 0x00, 0x00, 0x00, 0x80, 0x00,
        0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x80,
        0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00,
        0x80, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00,
        0x00, 0x80, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x5e, 0x22, 0x7b, 0xa0,
    ];

    /// <summary>
    /// Bluetooth output report 0x11 "start vibration" (weak 0x80, strong 0xFF) with its CRC-32 (seed 0xA2), from
    /// Chromium's <c>device/gamepad/dualshock4_controller_unittest.cc</c> (kBtStartVibration).
    /// </summary>
    public static byte[] ChromiumBluetoothStartVibration => ChromiumBluetooth(0x80, 0xff, [0x1e, 0x67, 0x45, 0xb4]);

    /// <summary>Chromium's kBtStopVibration (motors 0) with its CRC-32.</summary>
    public static byte[] ChromiumBluetoothStopVibration => ChromiumBluetooth(0x00, 0x00, [0x30, 0x50, 0xad, 0x07]);

    /// <summary>Chromium's kUsbStartVibration: USB output report 0x05, flag 0x01 (motors), weak 0x80, strong 0xFF.</summary>
    public static byte[] ChromiumUsbStartVibration
    {
        get
        {
            var report = new byte[32];
            report[0] = 0x05;
            report[1] = 0x01;
            report[4] = 0x80;
            report[5] = 0xff;
            return report;
        }
    }

    private static byte[] ChromiumBluetooth(byte weak, byte strong, byte[] crc)
    {
        var report = new byte[78];
        byte[] head = [0x11, 0xc0, 0x20, 0xf1, 0x04, 0x00, weak, strong];
        head.CopyTo(report, 0);
        // Chromium also sets its audio volume bytes (0x43 0x43 at 21-22, 0x4d 0x85 at 24-25).
        report[21] = 0x43;
        report[22] = 0x43;
        report[24] = 0x4d;
        report[25] = 0x85;
        crc.CopyTo(report, 74);
        return report;
    }
}
