using System.Buffers.Binary;
using System.Numerics;

namespace Drivers.DualShock4;

/// <summary>
/// Turns raw gyro and accelerometer readings into degrees per second and g, from the pad's factory calibration
/// (feature report 0x02 over USB, 0x05 over Bluetooth). Clones that return zeros or nonsense get <see cref="Default"/>.
/// </summary>
/// <remarks>
/// Accelerometer: range = plus − minus, bias = plus − range / 2, g = (raw − bias) × 2 / range (all sources agree).
/// Gyro: (raw − bias) × (speed+ + speed−) / (|plus − bias| + |minus − bias|) °/s (SDL3), rejected per axis, as SDL does,
/// when a bias exceeds 1024 or a scale is off by more than half from the nominal one.
/// </remarks>
public sealed class MotionCalibration
{
    /// <summary>Length of feature report 0x02 (USB), ID included.</summary>
    public const int UsbFeatureLength = 37;

    /// <summary>Length of feature report 0x05 (Bluetooth), ID and CRC included.</summary>
    public const int BluetoothFeatureLength = 41;

    internal const byte UsbFeatureId = 0x02;
    internal const byte BluetoothFeatureId = 0x05;

    // Nominal sensitivities of a genuine pad: 8192 LSB per g (kernel), about 16 LSB per °/s (SDL's fallback).
    private const float NominalAccelLsbPerG = 8192f;
    private const float NominalGyroLsbPerDps = 16f;

    private readonly AxisScale[] _gyro;
    private readonly AxisScale[] _accel;

    private MotionCalibration(AxisScale[] gyro, AxisScale[] accel, bool isFromDevice)
    {
        _gyro = gyro;
        _accel = accel;
        IsFromDevice = isFromDevice;
    }

    /// <summary>Nominal scaling (8192 LSB per g, 16 LSB per °/s, no bias), used when a pad gives no usable calibration.</summary>
    public static MotionCalibration Default { get; } = new(
        [AxisScale.NominalGyro, AxisScale.NominalGyro, AxisScale.NominalGyro],
        [AxisScale.NominalAccel, AxisScale.NominalAccel, AxisScale.NominalAccel],
        isFromDevice: false);

    /// <summary>True when every axis uses the pad's own calibration; false when some or all fell back to nominal values.</summary>
    public bool IsFromDevice { get; }

    /// <summary>
    /// Reads feature report 0x02 (USB layout) or 0x05 (Bluetooth layout, CRC checked with seed 0xA3).
    /// Returns false, with <see cref="Default"/>, when the report is not one of them; axes with implausible values
    /// (zeros from clones, a bias beyond 1024, a scale off by more than half) fall back to nominal values.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> featureReport, out MotionCalibration calibration)
    {
        calibration = Default;
        bool bluetoothOrder;
        if (featureReport.Length >= UsbFeatureLength && featureReport[0] == UsbFeatureId)
        {
            bluetoothOrder = false;
        }
        else if (featureReport.Length >= BluetoothFeatureLength && featureReport[0] == BluetoothFeatureId
            && Crc32.IsValid(Crc32.FeatureSeed, featureReport[..BluetoothFeatureLength]))
        {
            bluetoothOrder = true;
        }
        else
        {
            return false;
        }

        var bias = new[] { Read(featureReport, 1), Read(featureReport, 3), Read(featureReport, 5) };
        // The USB report interleaves plus and minus per axis; the Bluetooth one lists the three plus values first
        // (hid-playstation, SDL, DS4Windows).
        short[] plus, minus;
        if (bluetoothOrder)
        {
            plus = [Read(featureReport, 7), Read(featureReport, 9), Read(featureReport, 11)];
            minus = [Read(featureReport, 13), Read(featureReport, 15), Read(featureReport, 17)];
        }
        else
        {
            plus = [Read(featureReport, 7), Read(featureReport, 11), Read(featureReport, 15)];
            minus = [Read(featureReport, 9), Read(featureReport, 13), Read(featureReport, 17)];
        }
        var speed = Read(featureReport, 19) + Read(featureReport, 21);

        var gyro = new AxisScale[3];
        var accel = new AxisScale[3];
        var all = true;
        for (var axis = 0; axis < 3; axis++)
        {
            gyro[axis] = GyroAxis(bias[axis], plus[axis], minus[axis], speed, ref all);
            accel[axis] = AccelAxis(Read(featureReport, 23 + (axis * 4)), Read(featureReport, 25 + (axis * 4)), ref all);
        }
        calibration = new MotionCalibration(gyro, accel, all);
        return true;
    }

    /// <summary>The angular velocity of <paramref name="state"/> in degrees per second (pitch, yaw, roll).</summary>
    public Vector3 AngularVelocity(in ControllerState state) => new(
        _gyro[0].Apply(state.Gyro.X), _gyro[1].Apply(state.Gyro.Y), _gyro[2].Apply(state.Gyro.Z));

    /// <summary>The acceleration of <paramref name="state"/> in g (a pad lying flat reads about +1 on Y).</summary>
    public Vector3 Acceleration(in ControllerState state) => new(
        _accel[0].Apply(state.Accelerometer.X), _accel[1].Apply(state.Accelerometer.Y), _accel[2].Apply(state.Accelerometer.Z));

    private static AxisScale GyroAxis(short bias, short plus, short minus, int speed, ref bool all)
    {
        var denominator = Math.Abs(plus - bias) + Math.Abs(minus - bias);
        if (Math.Abs((int)bias) > 1024 || denominator == 0 || speed <= 0)
        {
            all = false;
            return AxisScale.NominalGyro;
        }
        var perLsb = (float)speed / denominator;
        if (!IsNear(perLsb, 1 / NominalGyroLsbPerDps))
        {
            all = false;
            return AxisScale.NominalGyro;
        }
        return new AxisScale(bias, perLsb);
    }

    private static AxisScale AccelAxis(short plus, short minus, ref bool all)
    {
        var range = plus - minus;
        var perLsb = range > 0 ? 2f / range : 0;
        if (range <= 0 || !IsNear(perLsb, 1 / NominalAccelLsbPerG))
        {
            all = false;
            return AxisScale.NominalAccel;
        }
        return new AxisScale(plus - (range / 2f), perLsb);
    }

    private static short Read(ReadOnlySpan<byte> report, int offset) => BinaryPrimitives.ReadInt16LittleEndian(report[offset..]);

    private static bool IsNear(float value, float nominal) => value > nominal * 0.5f && value < nominal * 1.5f;

    private readonly record struct AxisScale(float Bias, float PerLsb)
    {
        public static AxisScale NominalGyro => new(0, 1 / NominalGyroLsbPerDps);

        public static AxisScale NominalAccel => new(0, 1 / NominalAccelLsbPerG);

        public float Apply(short raw) => (raw - Bias) * PerLsb;
    }
}
