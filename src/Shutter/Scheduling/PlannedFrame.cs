namespace Drivers.Shutter;

/// <summary>One frame of a plan's preview: when it will be shot and for how long (see <see cref="Intervalometer.Preview"/>).</summary>
public sealed class PlannedFrame
{
    internal PlannedFrame(int frameNumber, DateTimeOffset plannedAt, TimeSpan? exposure)
    {
        FrameNumber = frameNumber;
        PlannedAt = plannedAt;
        Exposure = exposure;
    }

    /// <summary>The frame, 1 for the run's first.</summary>
    public int FrameNumber { get; }

    /// <summary>When the frame will start (its first line closes).</summary>
    public DateTimeOffset PlannedAt { get; }

    /// <summary>The bulb exposure, or null for an ordinary pulse.</summary>
    public TimeSpan? Exposure { get; }
}
