namespace Drivers.Shutter;

/// <summary>When one shot held the camera's lines.</summary>
public sealed class Shot
{
    internal Shot(DateTimeOffset startedAt, DateTimeOffset shutterClosedAt, DateTimeOffset releasedAt, long startedTimestamp)
    {
        StartedAt = startedAt;
        ShutterClosedAt = shutterClosedAt;
        ReleasedAt = releasedAt;
        StartedTimestamp = startedTimestamp;
    }

    /// <summary>When the first line closed: the focus line when it is wired, otherwise the shutter line.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>When the shutter line closed.</summary>
    public DateTimeOffset ShutterClosedAt { get; }

    /// <summary>When every line was released again.</summary>
    public DateTimeOffset ReleasedAt { get; }

    /// <summary>How long the shutter line was held (the pulse, or the bulb exposure).</summary>
    public TimeSpan ShutterHeld => ReleasedAt - ShutterClosedAt;

    // The monotonic moment of StartedAt, so that the intervalometer measures lateness immune to clock steps.
    internal long StartedTimestamp { get; }
}
