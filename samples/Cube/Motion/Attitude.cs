using System.Numerics;

namespace Cube.Motion;

/// <summary>
/// Roll and pitch of the pad from its accelerometer and gyro, by a complementary filter: the gyro's integral follows
/// quick turns without noise, the accelerometer's gravity vector pulls the result back so that the gyro's drift never
/// builds up. The frame is the package's: X to the right, Y up out of the face, Z toward the player; a pad lying flat
/// reads about +1 g on Y, and rolling it so that its right side rises is a positive turn about Z.
/// </summary>
internal sealed class Attitude
{
    /// <summary>How long the gyro is trusted alone: gravity corrects errors with this time constant.</summary>
    public static readonly TimeSpan TimeConstant = TimeSpan.FromSeconds(0.25);

    private bool _started;

    /// <summary>Turn about Z in radians (positive: right side up).</summary>
    public float Roll { get; private set; }

    /// <summary>Turn about X in radians (positive: the far edge up).</summary>
    public float Pitch { get; private set; }

    /// <summary>
    /// Adds one reading: <paramref name="acceleration"/> in g, <paramref name="angularVelocity"/> in degrees per second
    /// (about X, Y, Z), <paramref name="elapsed"/> since the previous reading (zero when unknown).
    /// </summary>
    public void Update(Vector3 acceleration, Vector3 angularVelocity, TimeSpan elapsed)
    {
        // Gravity alone gives both angles when the pad is not accelerating; a zero vector (no sensor data) gives none.
        var hasGravity = acceleration.LengthSquared() > 0.01f;
        var roll = MathF.Atan2(acceleration.X, MathF.Sqrt((acceleration.Y * acceleration.Y) + (acceleration.Z * acceleration.Z)));
        var pitch = MathF.Atan2(-acceleration.Z, acceleration.Y);
        if (!_started)
        {
            if (hasGravity)
            {
                (Roll, Pitch, _started) = (roll, pitch, true);
            }
            return;
        }
        var dt = (float)elapsed.TotalSeconds;
        var gyroRoll = Roll + (angularVelocity.Z * dt * MathF.PI / 180);
        var gyroPitch = Pitch + (angularVelocity.X * dt * MathF.PI / 180);
        if (!hasGravity)
        {
            (Roll, Pitch) = (gyroRoll, gyroPitch);
            return;
        }
        var tau = (float)TimeConstant.TotalSeconds;
        var keep = tau / (tau + dt); // 1 when no time passed: nothing to integrate, nothing to correct
        Roll = (keep * gyroRoll) + ((1 - keep) * roll);
        Pitch = (keep * gyroPitch) + ((1 - keep) * Unwrap(pitch, gyroPitch));
    }

    // atan2 jumps from +π to −π when the pad turns over; blend with the angle nearest the gyro's.
    private static float Unwrap(float angle, float near)
    {
        while (angle - near > MathF.PI)
        {
            angle -= 2 * MathF.PI;
        }
        while (near - angle > MathF.PI)
        {
            angle += 2 * MathF.PI;
        }
        return angle;
    }
}
