namespace Drivers.Shutter;

/// <summary>A snapshot of an intervalometer: whether it runs, its plan and its progress.</summary>
public sealed class IntervalometerStatus
{
    internal IntervalometerStatus(bool running, TimeSpan interval, int? count, int taken, int skipped, DateTimeOffset? nextShotAt)
    {
        Running = running;
        Interval = interval;
        Count = count;
        Taken = taken;
        Skipped = skipped;
        NextShotAt = nextShotAt;
    }

    /// <summary>Whether a run is in progress.</summary>
    public bool Running { get; }

    /// <summary>The interval of the current (or last) run.</summary>
    public TimeSpan Interval { get; }

    /// <summary>The frame count of the current (or last) run, or null when it runs until stopped.</summary>
    public int? Count { get; }

    /// <summary>Scheduled frames shot in the current (or last) run (ad-hoc shots are not counted).</summary>
    public int Taken { get; }

    /// <summary>Scheduled frames skipped in the current (or last) run.</summary>
    public int Skipped { get; }

    /// <summary>When the next frame is due, or null when not running.</summary>
    public DateTimeOffset? NextShotAt { get; }
}
