namespace Drivers.DualShock4;

/// <summary>
/// Decides when the read thread may next wait on the device, so a fast stream costs one wake-up per interval
/// instead of one per report. While reports come one at a time and further apart than half the interval, the thread
/// waits for each (no added latency: a USB pad's 250 Hz stream is read report by report). Once a wake-up finds several
/// reports queued, or follows the previous one within half the interval, it sleeps out the rest of the interval and
/// then takes everything queued at once; a wake-up that finds at most one report again switches back. This is the
/// switch between interrupts and polling that Linux's NAPI makes for network cards. Pure: timestamps in, timestamps out.
/// </summary>
internal struct WakePacer(long interval)
{
    private long _lastWake = long.MinValue;

    /// <summary>
    /// Called when the queue is empty again after a wake-up at <paramref name="wake"/> that found
    /// <paramref name="reports"/> reports; returns the timestamp before which the device should not be waited on
    /// (<paramref name="wake"/> itself to wait at once).
    /// </summary>
    public long Drained(long wake, int reports)
    {
        var fast = interval > 0 && reports > 0 && (reports > 1 || wake < _lastWake + (interval / 2));
        if (reports > 0)
        {
            _lastWake = wake;
        }
        return fast ? wake + interval : wake;
    }
}
