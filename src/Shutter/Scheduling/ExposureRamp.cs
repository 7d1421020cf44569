namespace Drivers.Shutter;

/// <summary>
/// A bulb exposure that changes over a range of frames by an equal ratio per frame (equal stops, as photographers
/// ramp), for a day-to-night time-lapse: frames before the ramp get <see cref="Start"/>, frames after it <see cref="End"/>.
/// </summary>
public sealed class ExposureRamp
{
    private static readonly TimeSpan Longest = TimeSpan.FromHours(24);

    /// <summary>The exposure of the ramp's first frame and of every frame before it; more than zero, at most 24 hours.</summary>
    public required TimeSpan Start { get; init; }

    /// <summary>The exposure of the ramp's last frame and of every frame after it; more than zero, at most 24 hours.</summary>
    public required TimeSpan End { get; init; }

    /// <summary>How many frames the ramp takes from <see cref="Start"/> to <see cref="End"/>, both included; at least 2.</summary>
    public required int Frames { get; init; }

    /// <summary>The frame (1 for the run's first) where the ramp begins; 1 by default.</summary>
    public int FirstFrame { get; init; } = 1;

    /// <summary>How many stops the exposure changes from one ramp frame to the next (negative when it shortens).</summary>
    public double StopsPerFrame => Math.Log2((double)End.Ticks / Start.Ticks) / (Frames - 1);

    /// <summary>The exposure of frame <paramref name="frameNumber"/> (1 for the run's first), to the 100 ns tick.</summary>
    public TimeSpan ExposureOf(int frameNumber)
    {
        var step = frameNumber - FirstFrame;
        if (step <= 0)
        {
            return Start;
        }
        if (step >= Frames - 1)
        {
            return End;
        }
        // Start x (End/Start)^(step/(Frames-1)): a geometric series, the same ratio between any two neighbours.
        var ratio = (double)End.Ticks / Start.Ticks;
        return TimeSpan.FromTicks((long)Math.Round(Start.Ticks * Math.Pow(ratio, (double)step / (Frames - 1))));
    }

    /// <summary>The longer of the two ends: the ramp never leaves the range between them.</summary>
    internal TimeSpan LongestExposure => Start > End ? Start : End;

    internal void Validate(string parameter)
    {
        if (Start <= TimeSpan.Zero || Start > Longest || End <= TimeSpan.Zero || End > Longest)
        {
            throw new ArgumentOutOfRangeException(parameter, $"A ramp's exposures must be more than zero and at most 24 hours; they are {Start} and {End}.");
        }
        if (Frames < 2)
        {
            throw new ArgumentOutOfRangeException(parameter, Frames, "A ramp takes at least 2 frames.");
        }
        if (FirstFrame < 1)
        {
            throw new ArgumentOutOfRangeException(parameter, FirstFrame, "A ramp's first frame is 1 or later.");
        }
    }
}
