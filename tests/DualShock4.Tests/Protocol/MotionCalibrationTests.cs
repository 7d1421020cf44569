using System.Buffers.Binary;

namespace Drivers.DualShock4.Tests.Protocol;

public sealed class MotionCalibrationTests
{
    [Fact]
    public void A_published_usb_calibration_gives_about_16_lsb_per_degree_and_8192_per_g()
    {
        var feature = Convert.FromBase64String(KnownReports.CloneUsbCalibration);

        Assert.True(MotionCalibration.TryParse(feature, out var calibration));

        Assert.True(calibration.IsFromDevice);
        var still = ControllerState.Neutral() with { Gyro = new SensorVector(1000, -1000, 0), Accelerometer = new SensorVector(0, 8192, -8192) };
        var gyro = calibration.AngularVelocity(still);
        // (540 + 540) / (8829 + 8740) = 0.06147 °/s per LSB (the reference's numbers for a genuine pad)
        Assert.Equal(61.47f, gyro.X, 0.05f);
        Assert.Equal(-61.47f, gyro.Y, 0.05f);
        Assert.Equal(0f, gyro.Z, 0.001f);
        var accel = calibration.Acceleration(still);
        Assert.Equal(0f, accel.X, 0.001f);
        Assert.Equal(1f, accel.Y, 0.001f);
        Assert.Equal(-1f, accel.Z, 0.001f);
    }

    [Fact]
    public void A_clone_that_returns_zeros_falls_back_to_nominal_scaling()
    {
        var feature = new byte[37];
        feature[0] = 0x02;

        Assert.True(MotionCalibration.TryParse(feature, out var calibration));

        Assert.False(calibration.IsFromDevice);
        var state = ControllerState.Neutral() with { Gyro = new SensorVector(160, 0, 0), Accelerometer = new SensorVector(8192, 0, 0) };
        Assert.Equal(10f, calibration.AngularVelocity(state).X, 0.001f);
        Assert.Equal(1f, calibration.Acceleration(state).X, 0.001f);
    }

    [Fact]
    public void A_bias_beyond_1024_rejects_that_gyro_axis_only()
    {
        var feature = Convert.FromBase64String(KnownReports.CloneUsbCalibration);
        BinaryPrimitives.WriteInt16LittleEndian(feature.AsSpan(1), 2000);

        Assert.True(MotionCalibration.TryParse(feature, out var calibration));

        Assert.False(calibration.IsFromDevice);
        var state = ControllerState.Neutral() with { Gyro = new SensorVector(160, 1000, 0) };
        Assert.Equal(10f, calibration.AngularVelocity(state).X, 0.001f);
        Assert.Equal(-61.47f, calibration.AngularVelocity(state with { Gyro = new SensorVector(0, -1000, 0) }).Y, 0.05f);
    }

    [Fact]
    public void A_bluetooth_calibration_uses_its_own_field_order_and_needs_its_crc()
    {
        var feature = new byte[41];
        feature[0] = 0x05;
        // Bluetooth order: pitch+, yaw+, roll+, pitch-, yaw-, roll-
        short[] values = [0, 0, 0, 8829, 8829, 8829, -8740, -8740, -8740, 540, 540, 8192, -8192, 8192, -8192, 8192, -8192];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(feature.AsSpan(1 + (2 * i)), values[i]);
        }
        Drivers.DualShock4.Crc32.Seal(0xA3, feature);

        Assert.True(MotionCalibration.TryParse(feature, out var calibration));
        Assert.True(calibration.IsFromDevice);
        Assert.Equal(61.47f, calibration.AngularVelocity(ControllerState.Neutral() with { Gyro = new SensorVector(0, 0, 1000) }).Z, 0.05f);

        feature[5] ^= 1;
        Assert.False(MotionCalibration.TryParse(feature, out var rejected));
        Assert.Same(MotionCalibration.Default, rejected);
    }

    [Fact]
    public void The_usb_order_interleaves_plus_and_minus()
    {
        var feature = Convert.FromBase64String(KnownReports.CloneUsbCalibration);
        // Widen only the yaw pair (offsets 11, 13) by 1.4: yaw then reads 1.4 times fewer degrees per LSB than pitch.
        BinaryPrimitives.WriteInt16LittleEndian(feature.AsSpan(11), 12360);
        BinaryPrimitives.WriteInt16LittleEndian(feature.AsSpan(13), -12236);

        Assert.True(MotionCalibration.TryParse(feature, out var calibration));

        var yaw = calibration.AngularVelocity(ControllerState.Neutral() with { Gyro = new SensorVector(1000, 1000, 0) });
        Assert.Equal(yaw.X * 17569 / 24596, yaw.Y, 0.05f);
    }
}
