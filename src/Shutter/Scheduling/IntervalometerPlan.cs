namespace Drivers.Shutter;

/// <summary>What a time-lapse run should do: how often, how many frames, when it starts, and how long each exposure is.</summary>
public sealed class IntervalometerPlan
{
    /// <summary>The time from the start of one frame to the start of the next; more than the shot takes, at most 24 hours.</summary>
    public required TimeSpan Interval { get; init; }

    /// <summary>How many frames the run has (skipped frames included), or null to run until stopped.</summary>
    public int? Count { get; init; }

    /// <summary>The wait before the first frame; zero by default. Not together with <see cref="StartAt"/>.</summary>
    public TimeSpan StartDelay { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// The moment of the first frame, or null to start after <see cref="StartDelay"/>. It is turned into a wait when the
    /// run starts and kept on the monotonic clock from then on; <see cref="AtLocalTime"/> makes one from a wall-clock time.
    /// </summary>
    public DateTimeOffset? StartAt { get; init; }

    /// <summary>A bulb exposure per frame (the camera in B mode), or null for an ordinary pulse per frame. Not together with <see cref="BulbRamp"/>.</summary>
    public TimeSpan? BulbDuration { get; init; }

    /// <summary>A bulb exposure that ramps over the run (the camera in B mode), or null.</summary>
    public ExposureRamp? BulbRamp { get; init; }

    /// <summary>
    /// With a ramp, the least time between one frame's exposure ending and the next frame starting: the interval after a
    /// frame grows to fit its exposure and this gap. Null (the default): the interval never grows, and a ramp whose longest
    /// exposure does not fit the interval is refused.
    /// </summary>
    public TimeSpan? MinimumGap { get; init; }

    /// <summary>
    /// The moment a wall-clock time names in <paramref name="zone"/>, across daylight-saving changes: 06:00 on the
    /// morning the clocks go back is nine hours after 22:00 the evening before, not eight.
    /// </summary>
    /// <exception cref="ArgumentException">The time does not exist in the zone (the clocks skip it).</exception>
    /// <remarks>A time that happens twice (the clocks go back) is taken the first time.</remarks>
    public static DateTimeOffset AtLocalTime(DateTime wallClock, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            throw new ArgumentException($"{local:yyyy-MM-dd HH:mm} does not exist in {zone.Id}: the clocks skip it.", nameof(wallClock));
        }
        // The first occurrence of an ambiguous time has the larger offset (daylight time, before the clocks go back).
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
