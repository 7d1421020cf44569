namespace Drivers.DualShock4.Tests.Protocol;

public sealed class OutputReportTests
{
    [Fact]
    public void Chromiums_published_bluetooth_rumble_reports_carry_a_crc_seeded_with_0xA2()
    {
        foreach (var report in new[] { KnownReports.ChromiumBluetoothStartVibration, KnownReports.ChromiumBluetoothStopVibration })
        {
            Assert.True(Drivers.DualShock4.Crc32.IsValid(0xA2, report));
            Assert.False(Drivers.DualShock4.Crc32.IsValid(0xA1, report));
        }
    }

    [Fact]
    public void Chromiums_bluetooth_start_vibration_reads_as_weak_0x80_and_strong_0xFF()
    {
        Assert.True(OutputReport.TryParse(KnownReports.ChromiumBluetoothStartVibration, default, out var feedback));

        Assert.Equal(0x80, feedback.WeakRumble);
        Assert.Equal(0xff, feedback.StrongRumble);
    }

    [Fact]
    public void Chromiums_usb_report_sets_only_the_motors_and_keeps_the_lightbar()
    {
        var before = new ControllerFeedback { Red = 1, Green = 2, Blue = 3 };

        Assert.True(OutputReport.TryParse(KnownReports.ChromiumUsbStartVibration, before, out var feedback));

        Assert.Equal(new ControllerFeedback { WeakRumble = 0x80, StrongRumble = 0xff, Red = 1, Green = 2, Blue = 3 }, feedback);
    }

    [Fact]
    public void A_usb_lightbar_report_has_the_documented_layout()
    {
        var report = new byte[OutputReport.UsbLength];
        var feedback = new ControllerFeedback { WeakRumble = 10, StrongRumble = 20, Red = 255, Green = 128, Blue = 1, FlashOn = 50, FlashOff = 25 };

        Assert.Equal(32, OutputReport.Write(feedback, ConnectionBus.Usb, report));

        Assert.Equal("05070000" + "0A14" + "FF8001" + "3219" + new string('0', 42), Convert.ToHexString(report));
    }

    [Fact]
    public void A_bluetooth_report_has_the_header_the_flags_and_a_valid_crc()
    {
        var report = new byte[OutputReport.BluetoothLength];

        OutputReport.Write(new ControllerFeedback { Red = 0x40 }, ConnectionBus.Bluetooth, report);

        Assert.Equal(0x11, report[0]);
        Assert.Equal(0xC4, report[1]);
        Assert.Equal(0x07, report[3]);
        Assert.Equal(0x40, report[8]);
        Assert.True(Drivers.DualShock4.Crc32.IsValid(0xA2, report));
    }

    [Fact]
    public void A_bluetooth_report_with_a_wrong_crc_is_ignored_as_the_pad_does()
    {
        var report = KnownReports.ChromiumBluetoothStartVibration;
        report[^1] ^= 0xFF;
        var before = new ControllerFeedback { Red = 9 };

        Assert.False(OutputReport.TryParse(report, before, out var feedback));
        Assert.Equal(before, feedback);
    }

    [Fact]
    public void Writing_into_a_short_buffer_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => OutputReport.Write(default, ConnectionBus.Bluetooth, new byte[40]));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 1)]
    [InlineData(500, 50)]
    [InlineData(2550, 255)]
    [InlineData(99999, 255)]
    public void Flash_durations_become_10_ms_units_clamped_to_a_byte(int milliseconds, int units)
    {
        Assert.Equal(units, ControllerFeedback.ToFlashUnits(TimeSpan.FromMilliseconds(milliseconds)));
    }
}
