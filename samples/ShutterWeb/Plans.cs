using System.Globalization;
using Drivers.Shutter;

namespace ShutterWeb;

/// <summary>
/// Turns a start (or preview) body into the library's <see cref="IntervalometerPlan"/>, or into the one sentence that
/// says what is wrong. Fields the library would take only as a bare range (or could overflow a
/// <see cref="TimeSpan"/>) are checked here by name; the rest (a ramp that does not fit its interval, a skipped
/// wall-clock time, a start time that has passed) is refused by the library, in its words.
/// </summary>
internal static class Plans
{
    private const double Day = 24 * 60 * 60;
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(30);

    // What <input type="datetime-local"> sends (HTML's "valid normalized local date and time string"), with or without seconds.
    private static readonly string[] WallClockFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];

    public static IntervalometerPlan? TryBuild(StartRequest body, ShutterRelease shutter, TimeSpan lastInterval, out string? problem)
    {
        var interval = body.IntervalSeconds ?? lastInterval.TotalSeconds;
        var shotMilliseconds = shutter.PulseDuration.TotalMilliseconds + shutter.FocusDuration.TotalMilliseconds;
        var ramp = body.Ramp;
        problem =
            interval * 1000 <= shotMilliseconds ? $"intervalSeconds must be longer than a shot ({shotMilliseconds} ms of pulse and focus)."
            : interval > Day ? "intervalSeconds must be at most 86400 (24 hours)."
            : body.Count is <= 0 ? "count must be a positive number of frames, or null to run until stopped."
            : body.DelaySeconds is < 0 or > Day ? "delaySeconds must be between 0 and 86400."
            : body.BulbSeconds is double bulbSeconds && !IsExposure(bulbSeconds) ? "bulbSeconds must be more than 0 and at most 86400, or null for a pulse."
            // The next frame is due before a longer exposure ends: the intervalometer would skip it, and half the frames would be lost.
            : body.BulbSeconds is double exposure && (exposure * 1000) + shutter.FocusDuration.TotalMilliseconds >= interval * 1000
                ? $"bulbSeconds ({Invariant(exposure)}) must be shorter than intervalSeconds ({Invariant(interval)}){(shutter.FocusDuration > TimeSpan.Zero ? $", less the {Invariant(shutter.FocusDuration.TotalMilliseconds)} ms of focus" : "")}; a longer exposure would skip the frames due while the shutter is open."
            : ramp is not null && !(ramp.StartSeconds is double first && IsExposure(first)) ? "ramp.startSeconds must be more than 0 and at most 86400."
            : ramp is not null && !(ramp.EndSeconds is double last && IsExposure(last)) ? "ramp.endSeconds must be more than 0 and at most 86400."
            : ramp is { Frames: null } ? "ramp.frames must say over how many frames the exposure changes (at least 2)."
            : ramp is { MinimumGapSeconds: < 0 or > Day } ? "ramp.minimumGapSeconds must be between 0 and 86400, or null to keep the interval fixed."
            : null;
        if (problem is not null)
        {
            return null;
        }
        DateTimeOffset? startAt = null;
        if (body.StartAt is string text)
        {
            var zone = TimeZoneInfo.Local;
            if (!DateTime.TryParseExact(text, WallClockFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wallClock))
            {
                problem = $"startAt must be a date and time on the server's clock ({zone.Id}) such as 2026-12-24T19:00, without an offset.";
                return null;
            }
            try
            {
                startAt = IntervalometerPlan.AtLocalTime(wallClock, zone);
            }
            catch (ArgumentException e)
            {
                problem = Sentence(e);
                return null;
            }
            if (startAt - shutter.TimeProvider.GetUtcNow() > LongestWait)
            {
                problem = "startAt must be at most 30 days ahead.";
                return null;
            }
        }
        return new IntervalometerPlan
        {
            Interval = TimeSpan.FromSeconds(interval),
            Count = body.Count,
            StartDelay = TimeSpan.FromSeconds(body.DelaySeconds ?? 0),
            StartAt = startAt,
            BulbDuration = body.BulbSeconds is double bulb ? TimeSpan.FromSeconds(bulb) : null,
            BulbRamp = ramp is null ? null : new ExposureRamp
            {
                Start = TimeSpan.FromSeconds(ramp.StartSeconds!.Value),
                End = TimeSpan.FromSeconds(ramp.EndSeconds!.Value),
                Frames = ramp.Frames!.Value,
                FirstFrame = ramp.FirstFrame ?? 1,
            },
            MinimumGap = ramp?.MinimumGapSeconds is double gap ? TimeSpan.FromSeconds(gap) : null,
        };
    }

    /// <summary>
    /// The library's sentence without what <see cref="ArgumentException.Message"/> appends to it (" (Parameter 'plan')"
    /// and, for an out-of-range value, "Actual value was …"): the user named no parameter.
    /// </summary>
    public static string Sentence(ArgumentException e)
    {
        var message = e.Message;
        var end = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }

    /// <summary>More than 0 and at most a day, and still more than 0 as a <see cref="TimeSpan"/> (1e-300 s rounds to none).</summary>
    private static bool IsExposure(double seconds) => seconds is > 0 and <= Day && TimeSpan.FromSeconds(seconds) > TimeSpan.Zero;

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
