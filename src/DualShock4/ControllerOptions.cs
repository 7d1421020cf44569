using Microsoft.Extensions.Logging;

namespace DualShock4;

/// <summary>Optional knobs for discovery and for an open controller.</summary>
public sealed class ControllerOptions
{
    /// <summary>Where sysfs is mounted (default <c>/sys</c>); tests point it at a fake tree.</summary>
    public string SysfsRoot { get; init; } = "/sys";

    /// <summary>Where the hidraw nodes live (default <c>/dev</c>).</summary>
    public string DevRoot { get; init; } = "/dev";

    /// <summary>The clock for recordings and replays (default <see cref="TimeProvider.System"/>).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where dropped reports and disconnections are logged (default: nowhere).</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>
    /// How many states each reader of <see cref="Controller.ReadStatesAsync"/> may fall behind before the oldest
    /// are skipped (default 256, about one second over USB): a slow reader sees fresh states, never stale ones.
    /// </summary>
    public int StateBufferCapacity { get; init; } = 256;
}
