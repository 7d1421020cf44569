using System.Diagnostics;

namespace Cube.Motion;

/// <summary>
/// Milliseconds since 1970 with microsecond resolution, from one reading of the system clock at start plus the
/// monotonic <see cref="Stopwatch"/>: steps of the system clock do not show up as latency. <c>GET /api/clock</c>
/// serves it so that a page can measure how late each frame arrives.
/// </summary>
internal static class WallClock
{
    private static readonly long BaseTimestamp = Stopwatch.GetTimestamp();
    private static readonly double BaseMilliseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Now.</summary>
    public static double Now() => At(Stopwatch.GetTimestamp());

    /// <summary>The moment <paramref name="timestamp"/> (a <see cref="Stopwatch.GetTimestamp"/>) was taken.</summary>
    public static double At(long timestamp) => BaseMilliseconds + Stopwatch.GetElapsedTime(BaseTimestamp, timestamp).TotalMilliseconds;
}
