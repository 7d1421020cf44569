using Microsoft.Extensions.Logging;

namespace Drivers.Shutter;

/// <summary>
/// How an <see cref="Intervalometer"/> reports. Its clock is the <see cref="ShutterRelease.TimeProvider"/> of the
/// shutter it drives (<see cref="ShutterOptions.TimeProvider"/>), so shots and frames are measured on one clock.
/// </summary>
public sealed class IntervalometerOptions
{
    /// <summary>The largest <see cref="StreamCapacity"/> accepted.</summary>
    internal const int LargestStreamCapacity = 1_000_000;

    /// <summary>
    /// How many events each <see cref="Intervalometer.WatchEventsAsync"/> reader may fall behind before its
    /// oldest events are dropped (counted in <see cref="Intervalometer.EventsDropped"/> and logged); 1 to 1,000,000.
    /// Default: 256.
    /// </summary>
    public int StreamCapacity { get; init; } = 256;

    /// <summary>Where to log (frames skipped, a run that failed, events dropped). Default: null, nothing is logged.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the property out of range.</summary>
    internal void Validate() =>
        OptionCheck.That<IntervalometerOptions>(StreamCapacity is >= 1 and <= LargestStreamCapacity, nameof(StreamCapacity), "must be between 1 and 1000000", StreamCapacity);
}
