namespace Drivers.DualShock4;

/// <summary>One raw reading of a three-axis sensor (gyro or accelerometer), signed 16-bit per axis.</summary>
/// <remarks>Turn it into degrees per second or g with <see cref="MotionCalibration"/>.</remarks>
/// <param name="X">X axis (gyro: pitch).</param>
/// <param name="Y">Y axis (gyro: yaw; accelerometer: about +8192 for a pad lying flat).</param>
/// <param name="Z">Z axis (gyro: roll).</param>
public readonly record struct SensorVector(short X, short Y, short Z);
