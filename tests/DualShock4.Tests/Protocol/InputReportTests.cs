using Drivers.DualShock4.Simulation;

namespace Drivers.DualShock4.Tests.Protocol;

public sealed class InputReportTests
{
    [Fact]
    public void A_published_clone_usb_report_decodes_to_its_raw_values()
    {
        var report = Convert.FromBase64String(KnownReports.CloneUsbReports[0]);

        Assert.True(InputReport.TryParse(report, out var state, out var error));

        Assert.Equal(InputReportError.None, error);
        Assert.Equal(ReportFormat.Usb, state.Format);
        Assert.Equal(ConnectionBus.Usb, state.Bus);
        Assert.Equal(new StickPosition(0x80, 0x80), state.LeftStick);
        Assert.Equal(new StickPosition(0x80, 0x80), state.RightStick);
        Assert.Equal(DPadDirection.None, state.DPad);
        Assert.Equal(Buttons.None, state.Buttons);
        Assert.Equal(0xcc >> 2, state.Counter);
        Assert.Equal(0x1373, state.Timestamp);
        Assert.Equal(new SensorVector(-23, -7, -19), state.Gyro);
        Assert.Equal(new SensorVector(84, 7922, 1359), state.Accelerometer);
        Assert.Equal(11, state.BatteryLevel);
        Assert.True(state.IsCablePlugged);
        Assert.False(state.IsAdapterWithoutPad);
        Assert.False(state.Touch1.IsActive);
        Assert.False(state.Touch2.IsActive);
    }

    [Fact]
    public void The_clone_that_crashed_a_kernel_decodes_with_its_counter_stuck_at_zero()
    {
        var report = Convert.FromBase64String(KnownReports.SecondCloneUsbReport);

        Assert.True(InputReport.TryParse(report, out var state));

        Assert.Equal(0x04f4, state.Timestamp);
        Assert.Equal(0, state.Counter);
        Assert.Equal(10, state.BatteryLevel);
        Assert.True(state.IsCablePlugged);
    }

    [Fact]
    public void Published_usb_reports_are_rewritten_byte_for_byte_by_the_simulator()
    {
        foreach (var base64 in KnownReports.CloneUsbReports.Append(KnownReports.SecondCloneUsbReport))
        {
            var report = Convert.FromBase64String(base64);
            Assert.True(InputReport.TryParse(report, out var state));

            Assert.Equal(Convert.ToHexString(report), Convert.ToHexString(InputReportWriter.ToArray(state)));
        }
    }

    [Fact]
    public void A_published_bluetooth_report_passes_its_crc_and_decodes()
    {
        Assert.True(InputReport.TryParse(KnownReports.GimxBluetoothReport, out var state, out var error));

        Assert.Equal(InputReportError.None, error);
        Assert.Equal(ReportFormat.Bluetooth, state.Format);
        Assert.Equal(ConnectionBus.Bluetooth, state.Bus);
        Assert.Equal(new StickPosition(0x7d, 0x7d), state.LeftStick);
        Assert.Equal(new StickPosition(0x81, 0x7e), state.RightStick);
        Assert.Equal(DPadDirection.None, state.DPad);
        Assert.Equal(Buttons.None, state.Buttons);
        Assert.Equal(0x28 >> 2, state.Counter);
        Assert.Equal(0xf38c, state.Timestamp);
        Assert.Equal(new SensorVector(0x13, -8, 5), state.Gyro);
        Assert.Equal(new SensorVector(unchecked((short)0xfe31), 0x0f3f, unchecked((short)0xe3d1)), state.Accelerometer);
        Assert.Equal(9, state.BatteryLevel);
        Assert.False(state.IsCablePlugged);
    }

    [Fact]
    public void A_bluetooth_report_with_one_flipped_bit_is_rejected_for_its_crc()
    {
        var report = KnownReports.GimxBluetoothReport.ToArray();
        report[10] ^= 0x01;

        Assert.False(InputReport.TryParse(report, out _, out var error));

        Assert.Equal(InputReportError.BadChecksum, error);
    }

    [Fact]
    public void The_bluetooth_crc_is_seeded_with_the_input_header_0xA1()
    {
        var report = KnownReports.GimxBluetoothReport;

        Assert.Equal(0xa07b225eu, Drivers.DualShock4.Crc32.Compute(0xA1, report.AsSpan(0, 74)));
        Assert.NotEqual(0xa07b225eu, Drivers.DualShock4.Crc32.Compute(0xA2, report.AsSpan(0, 74)));
    }

    [Fact]
    public void A_minimal_bluetooth_report_gives_sticks_buttons_and_triggers_only()
    {
        byte[] report = [0x01, 10, 20, 30, 40, 0x26, 0x03, 0x07, 100, 200];

        Assert.True(InputReport.TryParse(report, out var state));

        Assert.Equal(ReportFormat.BluetoothMinimal, state.Format);
        Assert.Equal(ConnectionBus.Bluetooth, state.Bus);
        Assert.False(state.HasFullReport);
        Assert.Equal(new StickPosition(10, 20), state.LeftStick);
        Assert.Equal(new StickPosition(30, 40), state.RightStick);
        Assert.Equal(DPadDirection.Left, state.DPad);
        Assert.Equal(Buttons.Cross | Buttons.L1 | Buttons.R1 | Buttons.PS | Buttons.Touchpad, state.Buttons);
        Assert.Equal(1, state.Counter);
        Assert.Equal(100, state.L2);
        Assert.Equal(200, state.R2);
    }

    [Theory]
    [InlineData(new byte[] { }, InputReportError.Empty)]
    [InlineData(new byte[] { 0x01, 1, 2, 3 }, InputReportError.WrongLength)]
    [InlineData(new byte[] { 0x11, 0xc0, 0, 1, 2 }, InputReportError.WrongLength)]
    [InlineData(new byte[] { 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, InputReportError.UnknownReportId)]
    public void Bad_shapes_are_rejected_with_their_reason(byte[] report, InputReportError expected)
    {
        Assert.False(InputReport.TryParse(report, out var state, out var error));

        Assert.Equal(expected, error);
        Assert.Equal(default, state);
    }

    [Fact]
    public void A_usb_report_one_byte_too_long_is_rejected()
    {
        var report = new byte[65];
        report[0] = 0x01;

        Assert.False(InputReport.TryParse(report, out _, out var error));
        Assert.Equal(InputReportError.WrongLength, error);
    }

    [Fact]
    public void A_bluetooth_report_without_the_data_flag_is_rejected()
    {
        var report = KnownReports.GimxBluetoothReport.ToArray();
        report[1] = 0x40;
        Drivers.DualShock4.Crc32.Seal(0xA1, report);

        Assert.False(InputReport.TryParse(report, out _, out var error));
        Assert.Equal(InputReportError.NoData, error);
    }

    [Theory]
    [InlineData(0, DPadDirection.Up)]
    [InlineData(1, DPadDirection.UpRight)]
    [InlineData(2, DPadDirection.Right)]
    [InlineData(3, DPadDirection.DownRight)]
    [InlineData(4, DPadDirection.Down)]
    [InlineData(5, DPadDirection.DownLeft)]
    [InlineData(6, DPadDirection.Left)]
    [InlineData(7, DPadDirection.UpLeft)]
    [InlineData(8, DPadDirection.None)]
    [InlineData(15, DPadDirection.None)]
    public void The_hat_values_map_to_directions_and_eight_or_more_is_released(int hat, DPadDirection expected)
    {
        var report = Convert.FromBase64String(KnownReports.CloneUsbReports[0]);
        report[5] = (byte)hat;

        Assert.True(InputReport.TryParse(report, out var state));
        Assert.Equal(expected, state.DPad);
    }

    [Fact]
    public void A_touch_point_is_active_when_its_high_bit_is_clear_and_holds_12_bit_coordinates()
    {
        var report = Convert.FromBase64String(KnownReports.CloneUsbReports[0]);
        report[33] = 1;
        // id 5, touching, x = 0x77F (1919), y = 0x3AE (942)
        report[35] = 0x05;
        report[36] = 0x7F;
        report[37] = 0xE7;
        report[38] = 0x3A;

        Assert.True(InputReport.TryParse(report, out var state));

        Assert.Equal(new TouchPoint(5, true, 1919, 942), state.Touch1);
        Assert.False(state.Touch2.IsActive);
    }
}
