namespace Drivers.Shutter;

/// <summary>What a time-lapse run should do: how often, how many frames, after what delay, and how long each exposure is.</summary>
public sealed class IntervalometerPlan
{
    /// <summary>The time from the start of one frame to the start of the next; more than the shot takes, at most 24 hours.</summary>
    public required TimeSpan Interval { get; init; }

    /// <summary>How many frames the run has (skipped frames included), or null to run until stopped.</summary>
    public int? Count { get; init; }

    /// <summary>The wait before the first frame; zero by default.</summary>
    public TimeSpan StartDelay { get; init; } = TimeSpan.Zero;

    /// <summary>A bulb exposure per frame (the camera in B mode), or null for an ordinary pulse per frame.</summary>
    public TimeSpan? BulbDuration { get; init; }
}
