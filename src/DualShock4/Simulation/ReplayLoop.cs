namespace Drivers.DualShock4.Simulation;

/// <summary>
/// Where a recording played in a loop stands: which report is next and when it falls due. Pure: timestamps in
/// (any clock's, in units of <c>frequency</c> per second), reports out, each in order and never before it is due.
/// </summary>
internal sealed class ReplayLoop
{
    private readonly IReadOnlyList<RecordedReport> _reports;
    private readonly long[] _offsets;
    private readonly long _period;
    private long _loopStart;
    private int _next;

    /// <param name="recording">At least one report.</param>
    /// <param name="start">When the first loop starts.</param>
    /// <param name="frequency">Timestamp units per second.</param>
    public ReplayLoop(Recording recording, long start, long frequency)
    {
        _reports = recording.Reports;
        // From the first report, which is due at the start: an offset is time since the first report, but a recording
        // may start later (cut out of a longer one) or, made in code, before zero, which would make many loops due at once.
        var first = Ticks(_reports[0].Offset, frequency);
        _offsets = [.. _reports.Select(r => Ticks(r.Offset, frequency) - first)];
        var count = _offsets.Length;
        // The next loop starts one average report interval after the last report, as if the pad went on reporting,
        // but a loop lasts at least a millisecond per report (the pad's fastest rate, 1000 Hz over Bluetooth), so that
        // a recording whose reports share one time cannot flood the host.
        var averageGap = count > 1 ? _offsets[^1] / (count - 1) : 0;
        _period = Math.Max(_offsets[^1] + averageGap, count * Ticks(TimeSpan.FromMilliseconds(1), frequency));
        _loopStart = start;
    }

    /// <summary>When the next report falls due.</summary>
    public long NextDue => _loopStart + _offsets[_next];

    /// <summary>Takes the next report if it is due at <paramref name="now"/>.</summary>
    public bool TryTakeDue(long now, out ReadOnlyMemory<byte> report)
    {
        if (NextDue > now)
        {
            report = default;
            return false;
        }
        report = _reports[_next].Report;
        if (++_next == _offsets.Length)
        {
            _next = 0;
            _loopStart += _period;
        }
        return true;
    }

    // Through seconds in double: TimeSpan ticks times a nanosecond frequency would overflow a long after 15 minutes.
    // Offsets may be anything from TimeSpan.MinValue to MaxValue; capped (decades), their differences and sums stay in range.
    private static long Ticks(TimeSpan time, long frequency) => (long)Math.Clamp(time.TotalSeconds * frequency, long.MinValue / 8, long.MaxValue / 8);
}
