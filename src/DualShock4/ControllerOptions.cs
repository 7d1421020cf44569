using Microsoft.Extensions.Logging;

namespace Drivers.DualShock4;

/// <summary>Optional knobs for discovery and for an open controller.</summary>
public sealed class ControllerOptions
{
    /// <summary>Where sysfs is mounted; tests point it at a fake tree. Default <c>/sys</c>.</summary>
    public string SysfsRoot { get; init; } = "/sys";

    /// <summary>Where the hidraw nodes live. Default <c>/dev</c>.</summary>
    public string DevRoot { get; init; } = "/dev";

    /// <summary>The clock that times recordings. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where dropped reports, slow readers and disconnections are logged (category <see cref="Controller"/>). Default none.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>
    /// How many states each reader of <see cref="Controller.WatchStatesAsync"/> (and <see cref="Controller.WatchChangesAsync"/>)
    /// may fall behind before the oldest are dropped (counted in <see cref="Controller.StatesDropped"/>). Default 256, about
    /// one second over USB: a slow reader sees fresh states, never stale ones, and never stalls the controller. From 1 to 1,000,000.
    /// </summary>
    public int StreamCapacity { get; init; } = 256;

    /// <summary>
    /// Resume readers of <see cref="Controller.WatchStatesAsync"/> on the controller's own read thread instead of the thread
    /// pool. Default false. An opt-in for readers that do almost nothing per state: it saves a thread-pool hop per batch
    /// of reports. The risk: the body of your <c>await foreach</c> (without a synchronization context) then runs on the
    /// read thread until its first pending <c>await</c>, so a slow body stalls reading for every reader (the kernel queues
    /// 64 reports, then drops new ones), and blocking there on the controller's own tasks deadlocks.
    /// </summary>
    public bool RunReadersOnReadThread { get; init; }

    /// <summary>
    /// When reports come faster than one per half of this interval, the read thread wakes once per interval and takes
    /// every queued report at once instead of waking for each: no report is lost, each arrives up to this much later.
    /// Default 4 ms, the pad's own USB rate, so a USB pad (and a Bluetooth one at the kernel's default rate) is still read
    /// report by report; a Bluetooth pad set to 1000 Hz is read four reports per wake-up. <see cref="TimeSpan.Zero"/>
    /// wakes for every report. At most 32 ms, half of what the kernel queues for a reader at 1000 Hz.
    /// </summary>
    /// <remarks>Checked when a controller is opened: <see cref="ArgumentException"/> when negative or over 32 ms.</remarks>
    public TimeSpan BatchInterval { get; init; } = TimeSpan.FromMilliseconds(4);

    // HIDRAW_BUFFER_SIZE (include/linux/hidraw.h): the kernel queues 64 reports per reader and drops newer ones.
    private static readonly TimeSpan MaxBatchInterval = TimeSpan.FromMilliseconds(32);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first property out of its range.</summary>
    internal void Validate()
    {
        if (string.IsNullOrEmpty(SysfsRoot) || string.IsNullOrEmpty(DevRoot))
        {
            throw new ArgumentException($"{(string.IsNullOrEmpty(SysfsRoot) ? nameof(SysfsRoot) : nameof(DevRoot))} must be a directory.", string.IsNullOrEmpty(SysfsRoot) ? nameof(SysfsRoot) : nameof(DevRoot));
        }
        if (TimeProvider is null)
        {
            throw new ArgumentException($"{nameof(TimeProvider)} must not be null.", nameof(TimeProvider));
        }
        if (BatchInterval < TimeSpan.Zero || BatchInterval > MaxBatchInterval)
        {
            throw new ArgumentException($"{nameof(BatchInterval)} must be from 0 to 32 ms; it is {BatchInterval.TotalMilliseconds} ms.", nameof(BatchInterval));
        }
        if (StreamCapacity is < 1 or > 1_000_000)
        {
            throw new ArgumentException($"{nameof(StreamCapacity)} must be from 1 to 1,000,000; it is {StreamCapacity}.", nameof(StreamCapacity));
        }
    }
}
