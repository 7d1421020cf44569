namespace Drivers.Shutter;

/// <summary>Something that happened in an intervalometer run: a frame shot or skipped, a start, a stop.</summary>
public sealed class IntervalometerEvent
{
    internal IntervalometerEvent(IntervalometerEventKind kind, IntervalometerStatus status)
    {
        Kind = kind;
        Status = status;
    }

    /// <summary>What happened.</summary>
    public IntervalometerEventKind Kind { get; }

    /// <summary>The frame (1 for the first of the run) for <see cref="IntervalometerEventKind.Shot"/> and <see cref="IntervalometerEventKind.Skipped"/>; null otherwise.</summary>
    public int? FrameNumber { get; init; }

    /// <summary>When the frame was due (a shot's planned start), or null for events that were not planned.</summary>
    public DateTimeOffset? PlannedAt { get; init; }

    /// <summary>When the shot actually began (its first line closed), or null when nothing was shot.</summary>
    public DateTimeOffset? ActualAt { get; init; }

    /// <summary>How late the shot began against its plan (measured on the monotonic clock), or null when nothing was planned or shot.</summary>
    public TimeSpan? Lateness { get; init; }

    /// <summary>How long the shutter line was held for a <see cref="IntervalometerEventKind.Shot"/> (the pulse, or the bulb exposure actually given); null otherwise.</summary>
    public TimeSpan? Exposure { get; init; }

    /// <summary>The error that ended the run, for <see cref="IntervalometerEventKind.Failed"/>.</summary>
    public string? Error { get; init; }

    /// <summary>The intervalometer's status right after the event.</summary>
    public IntervalometerStatus Status { get; }
}
